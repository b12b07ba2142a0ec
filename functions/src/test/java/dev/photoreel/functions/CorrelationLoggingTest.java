package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.testing.Fixture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Log entries carry the job id and execution as fields, values as structured entries, and never the token. */
class CorrelationLoggingTest {

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }
    };
    private LoggerConfig config;

    @BeforeEach
    void attach() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        config = context.getConfiguration().getLoggerConfig("dev.photoreel");
        capture.start();
        config.addAppender(capture, null, null);
        context.updateLoggers();
    }

    @AfterEach
    void detach() {
        config.removeAppender("capture");
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    }

    @Test
    void stepLogs_carryJobIdAndExecution_andStructuredValues_neverTheToken() {
        Fixture f = new Fixture();
        String jobId = f.jobIn(JobStatus.VALIDATING);
        ObjectNode state = Events.forJob("authenticate-vendor.json", jobId);
        Events.invoke(new AuthenticateVendorHandler(f.editing(), f.metrics), state);
        Events.invoke(new CreateSessionHandler(f.editing(), f.metrics), state);

        LogEvent created = events.stream().filter(e -> e.getMessage().getFormattedMessage().equals("vendor session created"))
                .findFirst().orElseThrow();
        assertEquals(jobId, created.getContextData().getValue("jobId"));
        assertEquals(jobId, created.getContextData().getValue("execution"));
        assertEquals("123456789", created.getContextData().getValue("sessionId"));
        assertTrue(events.stream().anyMatch(e -> "100".equals(String.valueOf((Object) e.getContextData().getValue("creditsAvailable")))));
        for (LogEvent event : events) {
            assertFalse(event.getMessage().getFormattedMessage().contains("nmv_usr"));
            assertFalse(event.getContextData().toMap().toString().contains("nmv_usr"));
        }
    }
}
