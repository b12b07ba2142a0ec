package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** photoreel's own template.yaml, read the way the local stack reads it. */
class PhotoreelTemplateLocalTest {

    private static SamTemplate template() throws Exception {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        return SamTemplate.read(root.resolve("template.yaml"), Map.of("NemoClientId", PhotoreelStack.LOCAL_CLIENT_ID));
    }

    @Test
    void everyFunction_hasAHandlerInTheFunctionsPackageAndTheSharedEnvironment() throws Exception {
        List<FunctionSpec> functions = template().functions();

        assertTrue(functions.size() >= 14, "functions: " + functions.size());
        for (FunctionSpec function : functions) {
            assertTrue(function.handlerClass().matches("dev\\.photoreel\\.functions\\.[A-Z][A-Za-z]+Handler"), function.handlerClass());
            assertEquals(function.logicalId().replace("Function", "Handler"), function.handlerClass().substring("dev.photoreel.functions.".length()));
            assertTrue(function.environment().containsKey("JOBS_TABLE"), function.logicalId());
            assertEquals(PhotoreelStack.LOCAL_CLIENT_ID, function.environment().get("NEMO_CLIENT_ID"));
        }
        FunctionSpec startJob = functions.stream().filter(f -> f.logicalId().equals("StartJobFunction")).findFirst().orElseThrow();
        assertEquals(startJob.environment().get("STATE_MACHINE_ARN"), template().stateMachineArn());
    }

    @Test
    void stateMachine_resolvesEverySubstitutionToALocalFunctionArn() throws Exception {
        String definition = template().stateMachine().definition();

        assertFalse(definition.contains("${"), "unresolved substitution");
        assertTrue(definition.contains("arn:aws:lambda:us-east-1:123456789012:function:CheckUploadsFunction:live"));
    }

    @Test
    void theUploadTrigger_isScopedToUploads() throws Exception {
        List<SamTemplate.S3Trigger> triggers = template().s3Triggers();

        assertEquals(1, triggers.size());
        assertEquals("StartJobFunction", triggers.get(0).functionLogicalId());
        assertEquals("uploads/", triggers.get(0).prefix());
    }
}
