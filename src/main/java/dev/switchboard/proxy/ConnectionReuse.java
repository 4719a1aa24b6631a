package dev.switchboard.proxy;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Whether one attempt's backend connection may go back to the keepalive cache after its response: nginx's rule
 * ({@code u->keepalive} in the proxy module, checked by the keepalive module's {@code free_peer}). The request head
 * must allow keep-alive (HTTP/1.1 without {@code Connection: close}: with nginx's default {@code Connection: close}
 * it takes {@code proxy_set_header Connection ""}), the whole request must have been sent, and the response must be
 * HTTP/1.1 without {@code Connection: close} with a delimited body (length, chunked, or none). One per attempt.
 */
final class ConnectionReuse {

    private boolean requestKeepAlive;
    private boolean requestComplete;
    private boolean responseKeepAlive;

    /** The head sent upstream. */
    void requestHead(HttpRequest head) {
        requestKeepAlive = head.protocolVersion().equals(HttpVersion.HTTP_1_1) && HttpUtil.isKeepAlive(head);
    }

    /** The last byte of the request (head, or body) has been handed to the connection. */
    void requestComplete() {
        requestComplete = true;
    }

    /**
     * The backend's response head.
     *
     * @param noBody the response has no body whatever its headers say (HEAD request, 204, 304)
     */
    void responseHead(HttpResponse response, boolean noBody) {
        responseKeepAlive = response.protocolVersion().equals(HttpVersion.HTTP_1_1) && HttpUtil.isKeepAlive(response)
                && (noBody || HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response));
    }

    /** Whether, the response being complete, the connection may serve another request. */
    boolean allowed() {
        return requestKeepAlive && requestComplete && responseKeepAlive;
    }
}
