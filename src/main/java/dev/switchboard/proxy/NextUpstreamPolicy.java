package dev.switchboard.proxy;

import io.netty.handler.codec.http.HttpMethod;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code proxy_next_upstream}, {@code proxy_next_upstream_tries} and {@code proxy_next_upstream_timeout}: when a
 * failed attempt moves on to the next peer, whether it counts against {@code max_fails}, and what the client gets
 * when it does not move on. The rules are nginx's {@code ngx_http_upstream_next} and
 * {@code ngx_http_upstream_test_next}:
 *
 * <ul>
 *   <li>a failure is retried only if every bit of its type is listed; once the request was sent to a peer,
 *       {@code POST}, {@code LOCK} and {@code PATCH} add the {@code non_idempotent} bit;</li>
 *   <li>a request whose body was already sent is never retried (nginx's {@code request_body_no_buffering}:
 *       Switchboard always streams bodies);</li>
 *   <li>an error response ({@code http_XXX}) is retried only while another try is left, otherwise it is passed
 *       to the client as is; other failures give up with 502, or 504 for a timeout;</li>
 *   <li>every failure counts against {@code max_fails} except {@code http_403} and {@code http_404}.</li>
 * </ul>
 *
 * @param mask          the listed failure types ({@link #OFF} alone for {@code off})
 * @param tries         {@code proxy_next_upstream_tries}; 0 is unlimited
 * @param timeoutMillis {@code proxy_next_upstream_timeout}; 0 is unlimited
 */
public record NextUpstreamPolicy(int mask, int tries, long timeoutMillis) {

    public static final int ERROR = 0x2;
    public static final int TIMEOUT = 0x4;
    public static final int INVALID_HEADER = 0x8;
    public static final int HTTP_500 = 0x10;
    public static final int HTTP_502 = 0x20;
    public static final int HTTP_503 = 0x40;
    public static final int HTTP_504 = 0x80;
    public static final int HTTP_403 = 0x100;
    public static final int HTTP_404 = 0x200;
    public static final int HTTP_429 = 0x400;
    public static final int NON_IDEMPOTENT = 0x4000;
    public static final int OFF = 0x80000000;

    /** nginx's default: {@code proxy_next_upstream error timeout}. */
    public static final NextUpstreamPolicy DEFAULT = new NextUpstreamPolicy(ERROR | TIMEOUT, 0, 0);

    /** The values {@code proxy_next_upstream} accepts, with their bits (nginx's {@code ngx_http_proxy_next_upstream_masks}). */
    public static final Map<String, Integer> VALUES;

    static {
        Map<String, Integer> v = new LinkedHashMap<>();
        v.put("error", ERROR);
        v.put("timeout", TIMEOUT);
        v.put("invalid_header", INVALID_HEADER);
        v.put("non_idempotent", NON_IDEMPOTENT);
        v.put("http_500", HTTP_500);
        v.put("http_502", HTTP_502);
        v.put("http_503", HTTP_503);
        v.put("http_504", HTTP_504);
        v.put("http_403", HTTP_403);
        v.put("http_404", HTTP_404);
        v.put("http_429", HTTP_429);
        v.put("off", OFF);
        VALUES = java.util.Collections.unmodifiableMap(v);
    }

    /** The failure type of a response status that {@code proxy_next_upstream} can name, else 0. */
    public static int typeOfStatus(int status) {
        return switch (status) {
            case 500 -> HTTP_500;
            case 502 -> HTTP_502;
            case 503 -> HTTP_503;
            case 504 -> HTTP_504;
            case 403 -> HTTP_403;
            case 404 -> HTTP_404;
            case 429 -> HTTP_429;
            default -> 0;
        };
    }

    /** nginx: POST, LOCK and PATCH are not retried once sent, unless {@code non_idempotent} is listed. */
    public static boolean nonIdempotent(HttpMethod method) {
        String name = method.name();
        return name.equals("POST") || name.equals("LOCK") || name.equals("PATCH");
    }

    /**
     * Whether a failure of {@code type} may move on to the next peer, given the request's state; the caller also
     * needs a try left on the balancer.
     *
     * @param requestSent      the request head went out to the failed peer (nginx's {@code request_sent})
     * @param bodySent         part of the request body went out, so the request cannot be replayed
     * @param nonIdempotent    the method is POST, LOCK or PATCH
     * @param elapsedMillis    time since the first attempt started
     */
    public boolean allows(int type, boolean requestSent, boolean bodySent, boolean nonIdempotent,
                          long elapsedMillis) {
        int wanted = requestSent && nonIdempotent ? type | NON_IDEMPOTENT : type;
        return (mask & wanted) == wanted
                && !bodySent
                && !(timeoutMillis > 0 && elapsedMillis >= timeoutMillis);
    }

    /** Whether a failure of {@code type} counts against the peer's {@code max_fails} (nginx's {@code NGX_PEER_FAILED}). */
    public static boolean countsAsFailure(int type) {
        return type != HTTP_403 && type != HTTP_404;
    }

    /** The status the client gets when the proxy gives up after a failure of {@code type}. */
    public static int statusFor(int type) {
        return switch (type) {
            case TIMEOUT, HTTP_504 -> 504;
            case HTTP_500 -> 500;
            case HTTP_503 -> 503;
            case HTTP_403 -> 403;
            case HTTP_404 -> 404;
            case HTTP_429 -> 429;
            default -> 502;
        };
    }
}
