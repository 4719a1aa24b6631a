package dev.switchboard.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder with the parsing rules that close request-smuggling gaps: strict line endings (no bare
 * LF), no duplicate Content-Length, and a request carrying both Content-Length and Transfer-Encoding is invalid
 * (nginx answers it with 400) instead of having its Content-Length silently dropped.
 */
public final class StrictRequestDecoder extends HttpRequestDecoder {

    public StrictRequestDecoder(int maxInitialLineLength, int maxHeaderSize) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("client sent \"Content-Length\" and \"Transfer-Encoding\" headers at the "
                + "same time");
    }
}
