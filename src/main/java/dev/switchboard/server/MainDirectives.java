package dev.switchboard.server;

import dev.switchboard.config.Arity;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigValues;
import dev.switchboard.config.Context;
import dev.switchboard.config.DirectiveSpec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Specs of the main-level directives ({@code http}, {@code events}, {@code worker_processes},
 * {@code worker_connections}, {@code pid}, {@code error_log}) and of the nginx directives that have no meaning
 * here: those are accepted with one warning each, never silently.
 */
public final class MainDirectives {

    /** nginx directives accepted and ignored (with a warning): tuning that the JVM and Netty do differently. */
    private static final List<String> IGNORED = List.of(
            "user", "daemon", "master_process", "worker_rlimit_nofile", "worker_cpu_affinity", "worker_priority",
            "worker_shutdown_timeout", "timer_resolution", "thread_pool", "load_module", "env", "lock_file",
            "use", "multi_accept", "accept_mutex", "accept_mutex_delay",
            "sendfile", "tcp_nopush", "tcp_nodelay", "gzip", "gzip_types", "gzip_vary", "gzip_proxied",
            "gzip_comp_level", "gzip_min_length", "gzip_http_version", "gzip_disable", "gzip_buffers",
            "open_file_cache", "open_file_cache_valid", "open_file_cache_min_uses",
            "open_file_cache_errors", "server_names_hash_bucket_size", "server_names_hash_max_size",
            "types_hash_max_size", "types_hash_bucket_size", "variables_hash_max_size",
            "variables_hash_bucket_size", "map_hash_bucket_size", "map_hash_max_size", "charset",
            "proxy_buffering", "proxy_buffers", "proxy_buffer_size", "proxy_busy_buffers_size",
            "proxy_request_buffering", "proxy_max_temp_file_size", "proxy_temp_file_write_size",
            "proxy_temp_path", "client_body_buffer_size", "client_body_temp_path", "fastcgi_temp_path",
            "uwsgi_temp_path", "scgi_temp_path", "reset_timedout_connection",
            "lingering_close", "lingering_time", "lingering_timeout", "output_buffers", "postpone_output",
            "msie_padding", "aio", "directio", "proxy_redirect", "absolute_redirect",
            "port_in_redirect", "server_name_in_redirect", "etag", "if_modified_since", "chunked_transfer_encoding");

    private MainDirectives() {
    }

    public static List<DirectiveSpec> specs() {
        List<DirectiveSpec> specs = new ArrayList<>();
        specs.add(DirectiveSpec.of("http", Context.MAIN).arity(Arity.NONE).opens(Context.HTTP)
                .handle((d, scope, ctx) -> { }));
        specs.add(DirectiveSpec.of("events", Context.MAIN).arity(Arity.NONE).opens(Context.EVENTS)
                .handle((d, scope, ctx) -> { }));
        specs.add(DirectiveSpec.of("worker_processes", Context.MAIN)
                .handle((d, scope, ctx) -> scope.settings().put(MainSettings.WORKER_PROCESSES,
                        d.arg(0).text().equals("auto") ? 0 : ConfigValues.positiveInt(d.arg(0), d.name()))));
        specs.add(DirectiveSpec.of("worker_connections", Context.EVENTS)
                .handle((d, scope, ctx) -> {
                    int n = ConfigValues.positiveInt(d.arg(0), d.name());
                    if (n < 2) {
                        throw new ConfigException("\"worker_connections\" must be at least 2", d.arg(0).position());
                    }
                    scope.block().parent().settings().put(MainSettings.WORKER_CONNECTIONS, n);
                }));
        specs.add(DirectiveSpec.of("pid", Context.MAIN)
                .handle((d, scope, ctx) -> scope.settings().put(MainSettings.PID, d.arg(0).text())));
        specs.add(DirectiveSpec.of("error_log", Context.MAIN, Context.HTTP, Context.SERVER, Context.LOCATION)
                .arity(Arity.ONE_OR_MORE).repeatable()
                .handle((d, scope, ctx) -> {
                    String level = d.args().size() > 1 ? d.arg(1).text() : "error";
                    if (!java.util.List.of("debug", "info", "notice", "warn", "error", "crit", "alert", "emerg")
                            .contains(level)) {
                        throw new ConfigException("invalid log level \"" + level + "\"", d.arg(1).position());
                    }
                    if (scope.context() == Context.MAIN && !d.arg(0).text().equals("stderr")
                            && !scope.settings().hasOwn(dev.switchboard.observe.ObserveSettings.ERROR_LOG)) {
                        scope.settings().put(dev.switchboard.observe.ObserveSettings.ERROR_LOG,
                                new dev.switchboard.observe.ErrorLog.Spec(ctx.resolve(d.arg(0).text()), level));
                    } else if (!d.arg(0).text().equals("stderr")) {
                        ctx.warn("\"error_log " + d.arg(0).text() + "\" is not supported yet; logging to stderr",
                                d.position());
                    }
                }));
        for (String name : IGNORED) {
            specs.add(new DirectiveSpec(name, EnumSet.allOf(Context.class), Arity.ANY,
                    DirectiveSpec.BlockKind.NONE, null, true,
                    (d, scope, ctx) -> ctx.warn("directive \"" + d.name() + "\" has no effect in switchboard and is "
                            + "ignored", d.position()), null));
        }
        return specs;
    }
}
