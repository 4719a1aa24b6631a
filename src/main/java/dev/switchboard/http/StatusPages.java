package dev.switchboard.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;

/**
 * The small HTML bodies nginx sends for the errors it generates itself, with nginx's reason phrases
 * (including its own codes 494 and 499 and the 4xx/5xx it names differently from the RFCs).
 */
public final class StatusPages {

    private StatusPages() {
    }

    /** nginx's reason phrase for a status it generates. */
    public static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Moved Temporarily";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Not Allowed";
            case 408 -> "Request Time-out";
            case 411 -> "Length Required";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Large";
            case 416 -> "Requested Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 494 -> "Request Header Or Cookie Too Large";
            case 495 -> "The SSL certificate error";
            case 496 -> "No required SSL certificate was sent";
            case 497 -> "The plain HTTP request was sent to HTTPS port";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            case 505 -> "HTTP Version Not Supported";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }

    /** The status line's status object with nginx's reason phrase. */
    public static HttpResponseStatus status(int status) {
        return new HttpResponseStatus(status, reason(status));
    }

    /** Whether nginx generates an HTML body for this status when it answers by itself. */
    public static boolean hasBody(int status) {
        return status >= 300 && status != 304;
    }

    /**
     * The HTML page for an error status, as nginx's {@code ngx_http_error_pages}. nginx's own codes 494-497
     * are shown as 400 with their own text ("400 Request Header Or Cookie Too Large", "400 The SSL certificate
     * error", ...) like nginx does.
     */
    public static byte[] page(int status, boolean serverTokens) {
        String title = (status >= 494 && status <= 497 ? 400 : status) + " " + reason(status);
        String tail = serverTokens ? "<hr><center>switchboard</center>\r\n" : "<hr><center>switchboard</center>\r\n";
        String html = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n" + tail + "</body>\r\n</html>\r\n";
        return html.getBytes(StandardCharsets.ISO_8859_1);
    }
}
