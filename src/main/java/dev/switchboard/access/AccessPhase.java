package dev.switchboard.access;

import dev.switchboard.config.model.Settings;
import dev.switchboard.vars.AddressFormat;
import dev.switchboard.vars.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * nginx's access phase for one request: allow/deny rules in order (first match wins, no match allows), then Basic
 * authentication; {@code satisfy any} lets either pass. Returns 0 to go on, 403, 401 (with {@link #challenge}) or
 * 500 when the user file cannot be read.
 */
public final class AccessPhase {

    private static final Logger log = LoggerFactory.getLogger(AccessPhase.class);

    private AccessPhase() {
    }

    /** The verdict: {@code status} 0 lets the request through; 401 carries the WWW-Authenticate value. */
    public record Verdict(int status, String challenge) {
        static final Verdict PASS = new Verdict(0, null);
    }

    public static Verdict check(Settings location, RequestContext request) {
        List<AddressRule> rules = location.get(AccessDirectives.RULES);
        var realmTemplate = location.get(AccessDirectives.REALM);
        if (rules.isEmpty() && realmTemplate == null) {
            return Verdict.PASS;
        }
        boolean any = location.get(AccessDirectives.SATISFY_ANY);
        int addressVerdict = rules.isEmpty() ? 0 : addressCheck(rules, request);
        if (addressVerdict == 0 && any && !rules.isEmpty()) {
            return Verdict.PASS;
        }
        if (addressVerdict != 0 && !any) {
            return new Verdict(403, null);
        }
        if (realmTemplate == null) {
            return addressVerdict == 0 ? Verdict.PASS : new Verdict(403, null);
        }
        Verdict auth = authCheck(location.get(AccessDirectives.USER_FILE), realmTemplate.evaluate(request), request);
        if (auth.status() == 0 || !any) {
            return auth;
        }
        return auth.status() == 401 ? auth : addressVerdict != 0 ? new Verdict(403, null) : auth;
    }

    private static int addressCheck(List<AddressRule> rules, RequestContext request) {
        InetAddress client = request.remoteAddress() == null ? null : request.remoteAddress().getAddress();
        if (client == null) {
            return 0;
        }
        for (AddressRule rule : rules) {
            if (rule.matches(client)) {
                if (!rule.allow()) {
                    log.info("*{} access forbidden by rule, client: {}", request.connectionId(),
                            AddressFormat.text(request.remoteAddress()));
                    return 403;
                }
                return 0;
            }
        }
        return 0;
    }

    private static Verdict authCheck(UserFile file, String realm, RequestContext request) {
        String challenge = "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        BasicCredentials creds = BasicCredentials.parse(request.header("Authorization"));
        if (creds == null) {
            if (request.header("Authorization") != null) {
                log.info("*{} client sent invalid \"Authorization\" header", request.connectionId());
            }
            return new Verdict(401, challenge);
        }
        if (file == null) {
            log.error("*{} no user/password file was provided for basic authentication", request.connectionId());
            return new Verdict(500, null);
        }
        String hash;
        try {
            hash = file.hashOf(creds.user());
        } catch (IOException e) {
            log.error("*{} {}", request.connectionId(), e.getMessage());
            return new Verdict(500, null);
        }
        if (hash == null) {
            log.info("*{} user \"{}\" was not found in \"{}\"", request.connectionId(), creds.user(), file.path());
            return new Verdict(401, challenge);
        }
        if (!Htpasswd.verify(creds.password(), hash)) {
            log.info("*{} user \"{}\": password mismatch", request.connectionId(), creds.user());
            return new Verdict(401, challenge);
        }
        return Verdict.PASS;
    }
}
