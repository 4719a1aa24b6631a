package dev.switchboard.bench;

/**
 * {@code java -jar loadgen.jar MODE --name value ...}; MODE is {@code echo} (the backend) or one of the load
 * generator's modes: {@code ws}, {@code idle}, {@code connrate}, {@code http}, and {@code cap} ({@link CapProbe}). See docs/benchmarks.md.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: loadgen echo|ws|idle|connrate|http|cap [--name value]...");
            System.exit(2);
        }
        Args args = new Args(argv, 1);
        switch (argv[0]) {
            case "echo" -> EchoServer.run(args);
            case "ws" -> finish(new LoadGen(LoadGen.Mode.WS, args).run());
            case "idle" -> finish(new LoadGen(LoadGen.Mode.IDLE, args).run());
            case "connrate" -> finish(new LoadGen(LoadGen.Mode.CONNRATE, args).run());
            case "http" -> finish(new LoadGen(LoadGen.Mode.HTTP, args).run());
            case "cap" -> finish(new CapProbe(args).run());
            default -> {
                System.err.println("unknown mode " + argv[0]);
                System.exit(2);
            }
        }
    }

    private static void finish(String json) {
        System.out.println(json);
        System.out.flush();
        System.exit(0);
    }
}
