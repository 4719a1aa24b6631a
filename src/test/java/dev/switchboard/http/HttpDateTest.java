package dev.switchboard.http;

import io.netty.handler.codec.DateFormatter;
import org.junit.jupiter.api.Test;

import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpDateTest {

    @Test
    void isTheCurrentSecondAsAnImfFixdate() {
        long before = System.currentTimeMillis() / 1000 * 1000;
        String value = HttpDate.now();
        long after = System.currentTimeMillis();
        Date parsed = DateFormatter.parseHttpDate(value);
        assertNotNull(parsed, value);
        assertTrue(parsed.getTime() >= before && parsed.getTime() <= after, value);
        assertTrue(value.endsWith(" GMT"), value);
    }

    @Test
    void isReusedWithinTheSecond() {
        String first = HttpDate.now();
        String second = HttpDate.now();
        if (DateFormatter.parseHttpDate(first).equals(DateFormatter.parseHttpDate(second))) {
            assertEquals(first, second);
        }
    }
}
