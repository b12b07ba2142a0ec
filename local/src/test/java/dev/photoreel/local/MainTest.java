package dev.photoreel.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int dispatch(String... args) throws Exception {
        return Main.dispatch(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void help_printsEveryCommandAsTheReadmeRunsIt_andSucceeds() throws Exception {
        for (String help : new String[] {"help", "--help", "-h"}) {
            out.reset();
            assertEquals(0, dispatch(help), help);
            String usage = out.toString(StandardCharsets.UTF_8);
            for (String command : Main.commands().keySet()) {
                assertTrue(usage.contains("\n  ./photoreel " + command), help + " lists " + command + ": " + usage);
            }
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommand_isNamed_withTheCommandsThereAre_andFails() throws Exception {
        assertEquals(2, dispatch("rn", "examples/seaside"));

        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("Unknown command: rn.\nUsage:\n"), said);
        assertTrue(said.contains("  ./photoreel run <folder-of-images>"), said);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommand_saysSo_andFails() throws Exception {
        assertEquals(2, dispatch());

        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("No command given.\nUsage:\n"), err.toString(StandardCharsets.UTF_8));
    }
}
