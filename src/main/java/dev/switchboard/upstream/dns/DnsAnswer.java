package dev.switchboard.upstream.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * What the name servers said about one name.
 *
 * @param addresses  the A (and AAAA) addresses, in answer order; empty for NXDOMAIN or no records
 * @param ttlSeconds the smallest TTL among them (0 without records)
 * @param error      null when the answer is authoritative (records, NXDOMAIN or none); else why the lookup failed
 *                   (timeout, SERVFAIL, REFUSED...), in which case nginx keeps the addresses it had
 */
record DnsAnswer(List<InetAddress> addresses, long ttlSeconds, String error) {

    boolean failed() {
        return error != null;
    }
}
