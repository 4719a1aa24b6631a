package dev.switchboard.observe;

/**
 * nginx's {@code stub_status} page, byte for byte in nginx's layout, so existing exporters keep parsing it:
 * <pre>
 * Active connections: 291
 * server accepts handled requests
 *  16630948 16630948 31070465
 * Reading: 6 Writing: 179 Waiting: 106
 * </pre>
 */
final class StubStatus {

    private StubStatus() {
    }

    static String render(Stats.Totals t, ProxyView.ConnectionStates c) {
        return "Active connections: " + c.active() + " \n"
                + "server accepts handled requests\n"
                + " " + t.accepted() + " " + t.handled() + " " + t.requests() + " \n"
                + "Reading: " + c.reading() + " Writing: " + c.writing() + " Waiting: " + c.waiting() + " \n";
    }
}
