package dev.switchboard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code switchboard -s reload|reopen|stop|quit}: sends the signal nginx's master would get to the running proxy
 * whose pid is in the configured pid file.
 */
final class SignalSender {

    /** nginx's -s names mapped to the signals Switchboard handles (see {@link Foreground}). */
    static final Map<String, String> SIGNALS = Map.of("reload", "HUP", "quit", "TERM", "stop", "INT",
            "reopen", "USR1");

    private SignalSender() {
    }

    /** Returns an nginx-style error message, or null when the signal was sent. */
    static String send(String name, Path pidFile) {
        String signal = SIGNALS.get(name);
        if (signal == null) {
            return "invalid option: \"-s " + name + "\" (use stop, quit, reopen or reload)";
        }
        String pid;
        try {
            pid = Files.readString(pidFile).trim();
        } catch (IOException e) {
            return "open() \"" + pidFile + "\" failed (" + e.getMessage() + ")";
        }
        if (!pid.chars().allMatch(Character::isDigit) || pid.isEmpty()) {
            return "invalid PID number \"" + pid + "\" in \"" + pidFile + "\"";
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, pid).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0) {
                return "kill(" + pid + ", " + signal + ") failed (" + out + ")";
            }
            return null;
        } catch (IOException e) {
            return "kill(" + pid + ", " + signal + ") failed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while signalling " + pid;
        }
    }
}
