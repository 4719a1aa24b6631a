package dev.switchboard.vars;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * nginx's core HTTP variables (ngx_http_variables.c), computed from a {@link RequestContext}. Variables that
 * belong to a module ($proxy_host, $proxy_add_x_forwarded_for, $upstream_*) are registered by that module.
 * $nginx_version is deliberately absent: we do not claim to be nginx; $switchboard_version stands in for it.
 */
public final class BuiltinVariables {

    /** Reported by $switchboard_version. */
    public static final String VERSION = "0.1.0";

    private BuiltinVariables() {
    }

    /** Registers every builtin, with times read from the system clock in the default time zone. */
    public static void registerAll(VariableRegistry registry) {
        registerAll(registry, Clock.systemDefaultZone());
    }

    /** Registers every builtin; $msec, $time_iso8601 and $time_local read {@code clock} and its zone. */
    public static void registerAll(VariableRegistry registry, Clock clock) {
        registerHeaders(registry);
        registerRequestLine(registry);
        registerConnection(registry);
        registerProcess(registry, clock);
    }

    private static void registerHeaders(VariableRegistry registry) {
        // '_' stands for '-' (nginx compares each header byte with '-' mapped to '_'); nginx 1.23+ joins repeated
        // lines, with "; " for Cookie since that is how cookie pairs are separated.
        registry.definePrefix("http_", suffix -> {
            String header = suffix.replace('_', '-');
            String separator = header.equals("cookie") ? "; " : ", ";
            return request -> RequestValues.joined(request.headers(header), separator);
        });
        registry.definePrefix("cookie_", name -> request -> RequestValues.cookie(request.headers("cookie"), name));
        registry.define("content_length", request -> request.header("content-length"));
        registry.define("content_type", request -> request.header("content-type"));
        registry.define("host", BuiltinVariables::host);
    }

    private static void registerRequestLine(VariableRegistry registry) {
        registry.define("request_method", RequestContext::method);
        registry.define("request_uri", request -> RequestValues.originForm(request.requestUri()));
        registry.define("uri", RequestContext::uri);
        registry.define("document_uri", RequestContext::uri);
        registry.define("args", RequestContext::args);
        registry.define("query_string", RequestContext::args);
        registry.definePrefix("arg_", name -> request -> RequestValues.arg(request.args(), name));
        // nginx: "?" when the request has a non-empty query, so "/x?" gives "".
        registry.define("is_args", request -> {
            String args = request.args();
            return args == null || args.isEmpty() ? "" : "?";
        });
        registry.define("server_protocol", RequestContext::protocol);
        registry.define("request",
                request -> request.method() + ' ' + request.requestUri() + ' ' + request.protocol());
        registry.define("request_id", RequestContext::requestId);
    }

    private static void registerConnection(VariableRegistry registry) {
        registry.define("remote_addr", request -> AddressFormat.text(request.remoteAddress()));
        registry.define("remote_port", request -> AddressFormat.port(request.remoteAddress()));
        registry.define("binary_remote_addr", request -> AddressFormat.binary(request.remoteAddress()));
        registry.define("server_addr", request -> AddressFormat.text(request.localAddress()));
        registry.define("server_port", request -> AddressFormat.port(request.localAddress()));
        registry.define("server_name", RequestContext::serverName);
        registry.define("scheme", RequestContext::scheme);
        registry.define("https", request -> "https".equals(request.scheme()) ? "on" : "");
        registry.define("connection", request -> Long.toString(request.connectionId()));
    }

    private static void registerProcess(VariableRegistry registry, Clock clock) {
        TimeFormats time = new TimeFormats(clock);
        registry.define("msec", request -> time.msec());
        registry.define("time_iso8601", request -> time.iso8601());
        registry.define("time_local", request -> time.local());
        String hostname = Hostname.NAME;
        registry.define("hostname", request -> hostname);
        String pid = Long.toString(ProcessHandle.current().pid());
        registry.define("pid", request -> pid);
        registry.define("switchboard_version", request -> VERSION);
    }

    /**
     * $host: the host of an absolute request target, else the Host header, each normalized as nginx does
     * (lowercase, no port, no trailing dot), else the server name.
     */
    private static String host(RequestContext request) {
        String host = RequestValues.normalizeHost(RequestValues.absoluteUriHost(request.requestUri()));
        if (host == null) {
            host = RequestValues.normalizeHost(request.header("host"));
        }
        return host != null ? host : request.serverName();
    }

    /** The machine's name, found once per process, lowercased as nginx does with gethostname(). */
    private static final class Hostname {
        static final String NAME = find();

        private static String find() {
            try {
                // The kernel's name needs no DNS lookup, unlike InetAddress.getLocalHost().
                String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
                if (!name.isEmpty()) {
                    return Ascii.lower(name);
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: ask Java below
            }
            try {
                return Ascii.lower(InetAddress.getLocalHost().getHostName());
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
