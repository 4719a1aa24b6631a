/**
 * TLS as nginx's {@code ngx_http_ssl_module} and the {@code proxy_ssl_*} part of its proxy module: the
 * {@code ssl_*} directives, PEM certificates and keys (files or {@code data:} values, RSA and ECDSA, several pairs
 * per server), one {@link io.netty.handler.ssl.SslContext} per server block, SNI selection among the servers of
 * one address, client certificate verification, the {@code $ssl_*} variables, and client contexts for
 * {@code proxy_pass https://}. The engine is OpenSSL (BoringSSL through netty-tcnative) when it loads, the JDK's
 * otherwise.
 */
package dev.switchboard.tls;
