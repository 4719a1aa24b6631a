package dev.switchboard.config;

import dev.switchboard.server.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of configuration error the compiler and runtime builder report, with its exact position. */
class CompilerErrorsTest {

    private static void compile(String text) {
        ConfigLoader.compile(Parser.parseString(text, "t.conf", Path.of(".")), Path.of("."));
    }

    private static ConfigException error(String text) {
        try {
            compile(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no error for: " + text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong context            | http { listen 80; }                                           | "listen" directive is not allowed here in t.conf:1:8
            too many args            | http { server { listen 8080; proxy_pass a b; } }            | "proxy_pass" directive is not allowed here in t.conf:1:30
            arity                    | http { server { listen 8080; location / { proxy_pass; } } } | invalid number of arguments in "proxy_pass" directive in t.conf:1:43
            duplicate                | http { server { listen 8080; keepalive_timeout 5s; keepalive_timeout 6s; } } | "keepalive_timeout" directive is duplicate in t.conf:1:52
            block missing            | http { server; }                                            | directive "server" has no opening "{" in t.conf:1:8
            block not allowed        | http { server { listen 8080 { } } }                         | directive "listen" takes no block in t.conf:1:17
            bad time                 | http { server { listen 8080; send_timeout 5q; } }           | invalid value "5q" in "send_timeout" directive in t.conf:1:43
            bad size                 | http { client_max_body_size 1x; }                           | invalid value "1x" in "client_max_body_size" directive in t.conf:1:29
            bad flag                 | http { proxy_pass_request_body maybe; }                     | invalid value "maybe" in "proxy_pass_request_body" directive, it must be "on" or "off" in t.conf:1:32
            unknown variable         | http { server { listen 8080; return 200 $nope; } }          | unknown "nope" variable in t.conf:1:41
            bad http version         | http { proxy_http_version 2.0; }                            | invalid value "2.0" in "proxy_http_version" directive in t.conf:1:27
            bad listen port          | http { server { listen 99999; } }                           | invalid port in "99999" of the "listen" directive in t.conf:1:24
            bad return code          | http { server { listen 8080; return abc; } }                | invalid return code "abc" in t.conf:1:37
            uri part in regex        | http { server { listen 8080; location ~ /x { proxy_pass http://a/b; } } } | "proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement in t.conf:1:57
            duplicate upstream       | http { upstream a { server 127.0.0.1:1; } upstream a { server 127.0.0.1:2; } } | duplicate upstream "a" in t.conf:1:43
            empty upstream           | http { upstream a { } server { listen 8080; } }             | no servers are inside upstream "a" in t.conf:1:8
            backup with hash         | http { upstream a { hash $uri; server 127.0.0.1:1 backup; } } | balancing method does not support parameter "backup" in t.conf:1:32
            two methods              | http { upstream a { ip_hash; least_conn; server 127.0.0.1:1; } } | load balancing method redefined in t.conf:1:30
            bad server param         | http { upstream a { server 127.0.0.1:1 wieght=2; } }        | invalid parameter "wieght=2" in t.conf:1:40
            duplicate location       | http { server { listen 8080; location /a { } location /a { } } } | duplicate location "/a" in t.conf:1:46
            duplicate default server | http { server { listen 8080 default_server; } server { listen 8080 default_server; } } | a duplicate default server for *:8080 in t.conf:1:56
            bad location modifier    | http { server { listen 8080; location ~~ /a { } } }         | invalid location modifier "~~" in t.conf:1:39
            add_header param         | http { add_header X y sometimes; }                          | invalid parameter "sometimes" in t.conf:1:23
            invalid if               | http { server { listen 8080; if ($a ==) { } } }             | invalid condition "$a" in t.conf:1:34
            set bad name             | http { server { listen 8080; set x 1; } }                   | invalid variable name "x" in t.conf:1:34
            ssl without certificate  | http { server { listen 8443 ssl; } }                        | no "ssl_certificate" is defined for the "listen ... ssl" directive in t.conf:1:17
            next_upstream value      | http { proxy_next_upstream error http_501; }                | invalid value "http_501" in "proxy_next_upstream" directive in t.conf:1:34
            next_upstream tries      | http { proxy_next_upstream_tries -1; }                      | invalid value "-1" in "proxy_next_upstream_tries" directive in t.conf:1:34
            random parameter         | http { upstream a { random three; server 127.0.0.1:1; } }  | invalid parameter "three" in t.conf:1:28
            random two method        | http { upstream a { random two least_time; server 127.0.0.1:1; } } | invalid parameter "least_time" in t.conf:1:32
            random args              | http { upstream a { random two least_conn x; server 127.0.0.1:1; } } | invalid number of arguments in "random" directive in t.conf:1:21
            backup with random       | http { upstream a { random; server 127.0.0.1:1 backup; } }  | balancing method does not support parameter "backup" in t.conf:1:29
            random after least_conn  | http { upstream a { least_conn; random; server 127.0.0.1:1; } } | load balancing method redefined in t.conf:1:33
            """)
    void reportsErrorAtPosition(String name, String config, String message) {
        assertThat(error(config).getMessage()).as(name).startsWith(message);
    }

    @Test
    void unknownDirectiveSuggestsNameValidInContext() {
        ConfigException e = error("http {\n  server {\n    listn 8080;\n  }\n}\n");
        assertThat(e.getMessage()).isEqualTo("unknown directive \"listn\" in t.conf:3:5 (did you mean \"listen\"?)");
    }

    @Test
    void nestedLocationOutsideParentIsRejected() {
        ConfigException e = error("http { server { listen 8080; location /a { location /b { } } } }");
        assertThat(e.getMessage()).contains("location \"/b\" is outside location \"/a\"").contains("t.conf:1:44");
    }

    @Test
    void variablesMayBeUsedBeforeTheirSetOrMap() {
        compile("""
                http {
                  server { listen 8080; location / { return 200 "$later $mapped"; } set $later 1; }
                  map $uri $mapped { default x; }
                }
                """);
    }

    @Test
    void upstreamHostThatDoesNotResolveIsAnError() {
        assertThatThrownBy(() -> compile("http { upstream a { server no-such-host.invalid:80; } }"))
                .hasMessageStartingWith("host not found in upstream \"a\" in t.conf:1:21");
    }
}
