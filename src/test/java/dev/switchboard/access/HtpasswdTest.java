package dev.switchboard.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Known hashes from Apache's htpasswd and glibc crypt(3). */
class HtpasswdTest {

    @Test
    void knownHashes() {
        // htpasswd -nbm (Apache docs example style) and openssl passwd -1 outputs for "password"
        // openssl passwd -apr1 -salt xyz secret; openssl passwd -1 -salt saltsalt password
        assertThat(Htpasswd.verify("secret", "$apr1$xyz$HXgo9gtz4gpj4JWTLYmjB0")).isTrue();
        assertThat(Htpasswd.verify("secreT", "$apr1$xyz$HXgo9gtz4gpj4JWTLYmjB0")).isFalse();
        assertThat(Htpasswd.md5Crypt("password".getBytes(), "saltsalt", "$1$"))
                .isEqualTo("$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/");
        assertThat(Htpasswd.verify("password", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/")).isTrue();
        assertThat(Htpasswd.verify("secret", "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=")).isTrue();
        assertThat(Htpasswd.verify("secret", "{PLAIN}secret")).isTrue();
        assertThat(Htpasswd.supported("$6$abc$def")).isFalse();
    }
}
