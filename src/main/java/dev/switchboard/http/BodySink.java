package dev.switchboard.http;

import io.netty.handler.codec.http.HttpContent;

/**
 * Where the request body goes while a content handler consumes it. The sink owns each content it receives
 * (it must release or forward it) and asks for more by calling {@link Exchange#readMoreBody()}.
 */
public interface BodySink {

    /** One piece of the body; {@code last} is true for the final piece (a LastHttpContent). */
    void onBody(HttpContent content, boolean last);
}
