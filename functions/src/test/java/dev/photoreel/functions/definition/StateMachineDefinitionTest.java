package dev.photoreel.functions.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.workflow.FailureDescriber;
import dev.photoreel.workflow.FfmpegVideoService;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The structure of statemachine/photoreel.asl.yaml against docs/workflow-contract.md and template.yaml. */
class StateMachineDefinitionTest {

    static final String NEMO_EXCEPTIONS = "dev.photoreel.nemo.exceptions";
    static final String WORKFLOW_EXCEPTIONS = "dev.photoreel.workflow.exceptions";
    static final List<String> LAMBDA_TRANSIENT = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    /** A function whose runtime died (out of memory, a crash): AWS reports Lambda.Unknown, the runtime Runtime.ExitError. */
    static final List<String> LAMBDA_CRASH = List.of("Lambda.Unknown", "Runtime.ExitError");
    /** Workflow errors that a retry can clear (their Javadoc says "Transient"); every other one is permanent. */
    static final Set<String> TRANSIENT_WORKFLOW = Set.of(WORKFLOW_EXCEPTIONS + ".NotificationInProgressException");
    /** Steps that talk to the vendor, so can see its transient errors. */
    static final Set<String> VENDOR_STEPS = Set.of("AuthenticateVendor", "CreateSession", "UploadMedia",
            "StreamInstruction", "CheckDraft", "SubmitRender", "CheckRender", "StoreVideo");
    /**
     * Steps whose handler counts (or times) its loop and reports it; the Choice after the step is the loop's one
     * bound, against a setting (docs/workflow-contract.md).
     */
    static final Map<String, String> BOUNDED_COUNTERS = Map.of(
            "CheckUploads", "checks", "CheckDraft", "checks", "CheckRender", "elapsedSeconds");
    /** Each loop's bound: the setting its Choice compares the counter with. */
    static final Map<String, String> LOOP_BOUNDS = Map.of(
            "$.uploads.checks", "$.settings.maxUploadChecks", "$.draft.checks", "$.settings.maxDraftChecks",
            "$.render.elapsedSeconds", "$.settings.renderTimeoutSeconds");
    /** Errors that cannot reach Fail Job: the notification's own, retried by the notifying step and then left to the reconciler. */
    static final Set<String> NEVER_FAIL_A_JOB = Set.of(WORKFLOW_EXCEPTIONS + ".NotificationInProgressException");
    static final String SESSION_NOT_FOUND = NEMO_EXCEPTIONS + ".SessionNotFoundException";
    /** Steps that use the vendor session: a lost session (1002) sends them to "Session Lost?". */
    static final List<String> SESSION_STEPS = List.of("Upload Media", "Stream Instruction", "Check Draft",
            "Submit Render", "Check Render");
    /** How often a lost session is replaced before the job fails (the issue #13 bound). */
    static final int MAX_SESSION_RENEWALS = 2;
    static final Set<String> FAILURE_PATH = Set.of("Fail Job", "Job Failed");
    static final Map<String, String> RESULT_PATHS = Map.ofEntries(
            Map.entry("Check Uploads", "$.uploads"), Map.entry("Validate Job", "$.validation"),
            Map.entry("Authenticate Vendor", "$.auth"), Map.entry("Create Session", "$.vendor"),
            Map.entry("Upload Media", "$.upload"), Map.entry("Stream Instruction", "$.draft"),
            Map.entry("Check Draft", "$.draft"), Map.entry("Submit Render", "$.render"),
            Map.entry("Check Render", "$.render"), Map.entry("Store Video", "$.video"),
            Map.entry("Complete Job", "$.completion"), Map.entry("Notify Success", "$.notification"),
            Map.entry("Fail Job", "$.failure"),
            Map.entry("Render With Ffmpeg", "$.video"));
    /** The vendor steps whose failures the ffmpeg backend can serve: caught first, into {@code $.vendorError}. */
    static final List<String> FALLBACK_STEPS = List.of("Authenticate Vendor", "Create Session", "Upload Media",
            "Stream Instruction", "Check Draft", "Submit Render", "Check Render", "Store Video");
    static final List<String> FALLBACK_ERRORS = FfmpegVideoService.FALLBACK_ERRORS.stream().map(f -> f.error().getName()).toList();
    static final Pattern TASK_RESOURCE = Pattern.compile("^\\$\\{(\\w+)FunctionArn}$");

    static String text;
    static JsonNode definition;
    static Map<String, JsonNode> states;

    @BeforeAll
    static void load() throws IOException {
        PhotoreelTemplate template = PhotoreelTemplate.load();
        text = template.definitionText();
        definition = template.definition();
        states = new LinkedHashMap<>();
        definition.get("States").fields().forEachRemaining(e -> states.put(e.getKey(), e.getValue()));
    }

    @Test
    void definition_startsAtRevisionChoice_thatSendsNewJobsToCheckUploads_andNamesEveryStateInTitleCase() {
        assertEquals("Revision?", definition.path("StartAt").asText());
        JsonNode choice = states.get("Revision?");
        assertEquals("Check Uploads", choice.path("Default").asText(), "an input without $.revision is a new job");
        assertEquals("Render With Ffmpeg", choice.path("Choices").get(0).path("Next").asText(), "an ffmpeg job's revision renders with ffmpeg");
        assertEquals("Stream Instruction", choice.path("Choices").get(1).path("Next").asText(), "a vendor revision streams into the session");
        assertEquals("$.revision", choice.path("Choices").get(1).path("Variable").asText());
        for (String name : states.keySet()) {
            assertTrue(name.matches("([A-Z][a-z]*)( [A-Z][a-z]*)*\\??"), "state name not in Title Case: " + name);
        }
    }

    @Test
    void everyTransitionTarget_exists() {
        assertTrue(states.containsKey(definition.path("StartAt").asText()), "StartAt names no state");
        states.forEach((name, state) -> {
            for (String target : targets(state)) {
                assertTrue(states.containsKey(target), name + " goes to a missing state: " + target);
            }
        });
    }

    @Test
    void everyState_isReachableFromStartAt() {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(definition.path("StartAt").asText()));
        while (!queue.isEmpty()) {
            String name = queue.removeFirst();
            if (seen.add(name)) {
                queue.addAll(targets(states.get(name)));
            }
        }
        Set<String> unreachable = new TreeSet<>(states.keySet());
        unreachable.removeAll(seen);
        assertEquals(Set.of(), unreachable, "states no path reaches");
    }

    @Test
    void everyNonTerminalState_goesSomewhere() {
        states.forEach((name, state) -> {
            String type = state.path("Type").asText();
            switch (type) {
                case "Succeed", "Fail" -> assertTrue(targets(state).isEmpty(), name + " is terminal but has a Next");
                case "Choice" -> assertTrue(state.path("Choices").size() > 0 && state.has("Default"),
                        name + " needs Choices and a Default");
                case "Task", "Pass", "Wait" -> assertTrue(state.has("Next") ^ state.path("End").asBoolean(false),
                        name + " needs exactly one of Next or End");
                default -> fail(name + " has a type this workflow does not use: " + type);
            }
        });
    }

    @Test
    void everyTask_invokesAStepFunctionAliasByASubstitution_withTheContractsResultPath() {
        tasks().forEach((name, task) -> {
            Matcher m = TASK_RESOURCE.matcher(task.path("Resource").asText());
            assertTrue(m.matches(), name + " must use \"Resource\": \"${<Verb><Noun>FunctionArn}\", found "
                    + task.path("Resource"));
            assertFalse(task.has("Parameters"), name + ": the step receives the whole state, so no Parameters");
            assertEquals(RESULT_PATHS.get(name), task.path("ResultPath").asText(null), name + " ResultPath");
        });
        assertEquals(RESULT_PATHS.keySet(), tasks().keySet(), "the contract's Lambda steps");
    }

    @Test
    void everyTask_hasATimeout_andTheStandardTransientRetryWithJitter() {
        tasks().forEach((name, task) -> {
            int timeout = task.path("TimeoutSeconds").asInt(0);
            assertTrue(timeout > 0 && timeout <= 900, name + " needs TimeoutSeconds in 1..900, found " + timeout);
            JsonNode retrier = retrierFor(task, LAMBDA_TRANSIENT.get(0));
            assertNotNull(retrier, name + " lacks the standard transient Lambda retry");
            assertEquals(LAMBDA_TRANSIENT, strings(retrier.path("ErrorEquals")), name);
            assertEquals(2, retrier.path("IntervalSeconds").asInt(), name);
            assertEquals(6, retrier.path("MaxAttempts").asInt(), name);
            assertEquals(2.0, retrier.path("BackoffRate").asDouble(), name);
            assertEquals("FULL", retrier.path("JitterStrategy").asText(), name);
        });
        assertEquals(900, states.get("Stream Instruction").path("TimeoutSeconds").asInt(),
                "Stream Instruction runs up to the Lambda limit and hands over before it");
    }

    @Test
    void everyTask_retriesACrashedRuntimeOnce_everyStepBeingIdempotent() {
        tasks().forEach((name, task) -> {
            JsonNode retrier = retrierFor(task, LAMBDA_CRASH.get(0));
            assertNotNull(retrier, name + " does not retry a crashed runtime");
            assertEquals(LAMBDA_CRASH, strings(retrier.path("ErrorEquals")), name);
            assertEquals(2, retrier.path("MaxAttempts").asInt(), name + ": two retries, then the job fails with STEP_CRASHED");
        });
    }

    @Test
    void everyRetry_isBounded() {
        tasks().forEach((name, task) -> {
            for (JsonNode retrier : task.path("Retry")) {
                int attempts = retrier.path("MaxAttempts").asInt(-1);
                assertTrue(attempts >= 1 && attempts <= 10, name + ": every retrier states MaxAttempts 1..10");
                assertTrue(retrier.path("IntervalSeconds").asInt(0) >= 1, name + ": every retrier states IntervalSeconds");
            }
        });
    }

    @Test
    void everyLoop_passesThroughAChoiceBoundingItsCounter_andAStepThatCountsIt() {
        Map<String, Set<String>> graph = new HashMap<>();
        states.forEach((name, state) -> graph.put(name, new LinkedHashSet<>(targets(state))));
        Set<String> boundingChoices = new TreeSet<>();
        Set<String> countingTasks = new TreeSet<>();
        states.forEach((name, state) -> {
            if ("Task".equals(state.path("Type").asText()) && BOUNDED_COUNTERS.containsKey(function(state))) {
                countingTasks.add(name);
            }
            if ("Choice".equals(state.path("Type").asText()) && boundRule(state) != null) {
                boundingChoices.add(name);
            }
            if ("Task".equals(state.path("Type").asText()) && "CreateSession".equals(function(state))) {
                countingTasks.add(name); // counts $.vendor.renewals
            }
        });
        Set<String> allBounds = new TreeSet<>(boundingChoices);
        allBounds.add("Session Lost?");
        assertTrue(hasCycle(graph, Set.of()), "the workflow has its Wait loops");
        assertFalse(hasCycle(graph, allBounds), "a loop avoids every Choice with a counter bound");
        assertFalse(hasCycle(graph, countingTasks), "a loop avoids every step that counts and bounds itself");

        for (String choice : boundingChoices) {
            JsonNode rule = boundRule(states.get(choice));
            String counter = rule.path("And").get(1).path("Variable").asText();
            String taskName = states.keySet().stream()
                    .filter(countingTasks::contains)
                    .filter(t -> states.get(t).path("Next").asText().equals(choice))
                    .findFirst().orElseThrow(() -> new AssertionError(choice + " follows no counting step"));
            JsonNode task = states.get(taskName);
            assertEquals(task.path("ResultPath").asText() + "." + BOUNDED_COUNTERS.get(function(task)), counter,
                    choice + " must bound the counter its step returns");
            JsonNode exit = states.get(rule.path("Next").asText());
            assertEquals("Pass", exit.path("Type").asText(), choice + " leaves the loop through a Pass that sets $.error");
            assertEquals("$.error", exit.path("ResultPath").asText());
            assertEquals("Fail Job", exit.path("Next").asText());
            assertPermanentWorkflowError(exit.path("Result").path("Error").asText());
            assertFalse(exit.path("Result").path("Cause").asText().startsWith("{"),
                    choice + ": the Pass's Cause is a plain summary, so Fail Job writes the message from the state");
        }
    }

    @Test
    void everyWait_takesItsSecondsFromTheExecutionSettings_exceptTheRenderWait() {
        states.forEach((name, state) -> {
            if ("Wait".equals(state.path("Type").asText()) && !"Wait For Render".equals(name)) {
                assertTrue(state.path("SecondsPath").asText().startsWith("$.settings."),
                        name + " must wait SecondsPath $.settings.* so tests use 1 s");
            }
        });
    }

    @Test
    void waitForRender_waitsAsLongAsTheLastRenderStepSaid_andEveryRenderStepSetsIt() {
        JsonNode wait = states.get("Wait For Render");
        assertEquals("$.render.nextPollSeconds", wait.path("SecondsPath").asText(),
                "the render is polled by its progress: Submit Render and Check Render return nextPollSeconds");
        assertEquals("Check Render", wait.path("Next").asText());
        assertEquals("Wait For Render", states.get("Submit Render").path("Next").asText());
        assertEquals("$.render", states.get("Submit Render").path("ResultPath").asText());
        assertEquals("$.render", states.get("Check Render").path("ResultPath").asText());
        assertEquals("Render Finished?", states.get("Check Render").path("Next").asText());
        assertEquals("Wait For Render", states.get("Render Finished?").path("Default").asText(),
                "the loop stays bounded by the renderTimeoutSeconds Choice (everyLoop_passesThroughAChoiceBoundingItsCounter...)");
    }

    @Test
    void everySubstitution_isDefinedInTheTemplate_andEveryDefinedOneIsUsed() {
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        PhotoreelTemplate template = PhotoreelTemplate.load();
        Set<String> defined = new TreeSet<>(PhotoreelTemplate.map(
                template.properties("PhotoreelStateMachine").get("DefinitionSubstitutions")).keySet());
        assertEquals(defined, used, "${...} placeholders vs template.yaml DefinitionSubstitutions");
    }

    @Test
    void everyErrorName_isAStatesOrLambdaName_orARealPhotoreelExceptionClass() {
        Set<String> names = new TreeSet<>();
        tasks().values().forEach(task -> {
            task.path("Retry").forEach(r -> names.addAll(strings(r.path("ErrorEquals"))));
            task.path("Catch").forEach(c -> names.addAll(strings(c.path("ErrorEquals"))));
        });
        states.values().forEach(s -> {
            if (s.path("Result").has("Error")) {
                names.add(s.path("Result").path("Error").asText());
            }
        });
        Class<?> nemoBase = ExceptionClasses.load(NEMO_EXCEPTIONS + ".NemoException");
        Class<?> workflowBase = ExceptionClasses.load(WORKFLOW_EXCEPTIONS + ".WorkflowException");
        for (String name : names) {
            if (name.startsWith("States.")) {
                assertTrue(Set.of("States.ALL", "States.Timeout", "States.TaskFailed").contains(name), name);
            } else if (name.startsWith("Lambda.") || name.startsWith("Runtime.")) {
                assertTrue(LAMBDA_TRANSIENT.contains(name) || LAMBDA_CRASH.contains(name), "unexpected Lambda error name " + name);
            } else {
                Class<?> type = ExceptionClasses.load(name);
                assertTrue(nemoBase.isAssignableFrom(type) || workflowBase.isAssignableFrom(type),
                        name + " is neither a NemoException nor a WorkflowException");
            }
        }
    }

    @Test
    void everyLoop_isBoundedByItsChoiceOnly_andEveryBoundingChoiceCoversOneOfTheLoops() {
        Set<String> bounded = new TreeSet<>();
        states.forEach((name, state) -> {
            JsonNode rule = boundRule(state);
            if (rule != null) {
                bounded.add(rule.path("And").get(1).path("Variable").asText());
            }
        });
        assertEquals(LOOP_BOUNDS.keySet(), bounded, "each loop's counter is compared with its setting in one Choice");
        String comments = definition.findValuesAsText("Comment").toString();
        assertFalse(comments.contains("throws UploadsNeverSettledException") || comments.contains("throws DraftNotReadyException")
                || comments.contains("RenderTimedOutException once"), "no step comment says its handler bounds a loop");
    }

    @Test
    void everyExceptionThatCanFailAJob_hasItsOwnDescription_andEveryDescribedNameIsReal() {
        Set<String> described = FailureDescriber.describedErrors();
        Set<String> missing = new TreeSet<>();
        for (String pkg : List.of(NEMO_EXCEPTIONS, WORKFLOW_EXCEPTIONS)) {
            for (Class<?> type : ExceptionClasses.concreteIn(pkg)) {
                if (!described.contains(type.getName()) && !NEVER_FAIL_A_JOB.contains(type.getName())) {
                    missing.add(type.getName());
                }
            }
        }
        assertEquals(Set.of(), missing, "exceptions Fail Job would describe only as INTERNAL_ERROR: add them to FailureDescriber");
        for (String name : described) {
            if (name.startsWith("States.") || name.startsWith("Sandbox.") || name.startsWith("Runtime.")) {
                continue;
            }
            ExceptionClasses.load(name);
        }
        states.values().forEach(s -> {
            if (s.path("Result").has("Error")) {
                assertTrue(described.contains(s.path("Result").path("Error").asText()), s.path("Result").path("Error").asText());
            }
        });
    }

    @Test
    void everyStep_failsTheJobThroughOneStatesAll_andCatchesByNameOnlyWhatGoesElsewhere() {
        Set<String> permanent = permanentErrorNames();
        workflowTasks().forEach((name, task) -> {
            List<JsonNode> catchers = new ArrayList<>();
            task.path("Catch").forEach(catchers::add);
            if (FALLBACK_STEPS.contains(name)) {
                JsonNode fallback = catchers.remove(0);
                assertEquals(FALLBACK_ERRORS, strings(fallback.path("ErrorEquals")), name + ": the fallback errors are caught first");
                assertEquals("Fall Back To Ffmpeg?", fallback.path("Next").asText(), name);
                assertEquals("$.vendorError", fallback.path("ResultPath").asText(),
                        name + ": not $.error, which would make Notify Success report a failure after a fallback");
            }
            if (SESSION_STEPS.contains(name)) {
                JsonNode lost = catchers.remove(0);
                assertEquals(List.of(SESSION_NOT_FOUND), strings(lost.path("ErrorEquals")), name + ": the lost session is caught first");
                assertEquals("Session Lost?", lost.path("Next").asText(), name);
                assertEquals("$.sessionLost", lost.path("ResultPath").asText(),
                        name + ": not $.error, which would make Notify Success report a failure");
            }
            // Every other error, permanent or not, fails the job the same way: a by-name list in front of
            // States.ALL that routed to the same place would only be a second copy of the exception list.
            assertEquals(1, catchers.size(), name + " needs exactly one more catcher, States.ALL, after the ones that route elsewhere");
            JsonNode all = catchers.get(0);
            assertEquals(List.of("States.ALL"), strings(all.path("ErrorEquals")), name + ": States.ALL comes last");
            assertEquals("Fail Job", all.path("Next").asText(), name);
            assertEquals("$.error", all.path("ResultPath").asText(), name + " keeps its state and adds $.error");
            task.path("Retry").forEach(r -> strings(r.path("ErrorEquals")).forEach(e ->
                    assertFalse(permanent.contains(e), name + " retries the permanent " + e)));
        });
    }

    @Test
    void vendorFailures_fallBackToFfmpeg_onlyWhenTheJobsFallbackIsOn_elseFailWithTheVendorsError() {
        JsonNode choose = states.get("Choose Renderer");
        assertEquals("Choose Renderer", states.get("Validate Job").path("Next").asText(), "validation comes before either backend");
        assertEquals("$.validation.renderer", choose.path("Choices").get(0).path("Variable").asText());
        assertEquals("ffmpeg", choose.path("Choices").get(0).path("StringEquals").asText());
        assertEquals("Render With Ffmpeg", choose.path("Choices").get(0).path("Next").asText());
        assertEquals("Authenticate Vendor", choose.path("Default").asText());

        JsonNode fallBack = states.get("Fall Back To Ffmpeg?");
        assertEquals("Render With Ffmpeg", fallBack.path("Choices").get(0).path("Next").asText());
        assertEquals("Vendor Failure Is Final", fallBack.path("Default").asText());
        JsonNode fin = states.get("Vendor Failure Is Final");
        assertEquals("$.error", fin.path("ResultPath").asText());
        assertEquals("$.vendorError.Error", fin.path("Parameters").path("Error.$").asText());
        assertEquals("Fail Job", fin.path("Next").asText());
        assertEquals("Complete Job", states.get("Render With Ffmpeg").path("Next").asText());
    }

    @Test
    void everyTransientError_isRetried_onEveryStepThatCanRaiseIt() {
        Class<?> transientBase = ExceptionClasses.load(NEMO_EXCEPTIONS + ".NemoTransientException");
        Set<String> vendorTransient = new TreeSet<>();
        for (Class<?> type : ExceptionClasses.concreteIn(NEMO_EXCEPTIONS)) {
            if (transientBase.isAssignableFrom(type)) {
                vendorTransient.add(type.getName());
            }
        }
        assertFalse(vendorTransient.isEmpty());
        tasks().forEach((name, task) -> {
            String function = function(task);
            if (VENDOR_STEPS.contains(function)) {
                for (String error : vendorTransient) {
                    assertNotNull(retrierFor(task, error), name + " does not retry " + error);
                }
            }
            if ("NotifyUser".equals(function) || "FailJob".equals(function)) {
                for (String error : TRANSIENT_WORKFLOW) {
                    JsonNode retrier = retrierFor(task, error);
                    assertNotNull(retrier, name + " does not retry " + error);
                    assertTrue(retrier.path("IntervalSeconds").asInt() >= 30, "the claim lease needs >= 30 s");
                }
            }
        });
        JsonNode rateLimited = retrierFor(states.get("Check Render"), NEMO_EXCEPTIONS + ".RateLimitedException");
        assertEquals(30, rateLimited.path("IntervalSeconds").asInt(), "the vendor asks for 30 s after a 429");
        JsonNode unavailable = retrierFor(states.get("Check Render"), NEMO_EXCEPTIONS + ".VendorUnavailableException");
        assertEquals("FULL", unavailable.path("JitterStrategy").asText(), "vendor outages back off with jitter");
    }

    @Test
    void failurePath_isOneStepThatMarksTheJobAndNotifies_thenFailsWithTheCaughtErrorAndCause() {
        JsonNode failJob = states.get("Fail Job");
        assertEquals("FailJob", function(failJob));
        assertEquals("Job Failed", failJob.path("Next").asText());
        assertCatchesAllInto(failJob, "Job Failed");
        assertNotNull(retrierFor(failJob, WORKFLOW_EXCEPTIONS + ".NotificationInProgressException"),
                "another attempt holding the notification claim is waited for, as in Notify Success");
        tasks().forEach((name, task) -> {
            if ("NotifyUser".equals(function(task))) {
                assertEquals("Notify Success", name, "a failure is notified by Fail Job only, so once");
            }
        });
        JsonNode failed = states.get("Job Failed");
        assertEquals("Fail", failed.path("Type").asText());
        assertEquals("$.error.Error", failed.path("ErrorPath").asText());
        assertEquals("$.error.Cause", failed.path("CausePath").asText());
    }

    @Test
    void sessionLost_onEveryStepUsingTheSession_loopsBackToCreateSessionAtMostTwice_thenFailsTheJob() {
        for (String step : List.of("Authenticate Vendor", "Create Session", "Validate Job", "Store Video")) {
            states.get(step).path("Catch").forEach(c -> assertFalse("Session Lost?".equals(c.path("Next").asText()),
                    step + " has no session to lose"));
        }
        JsonNode choice = states.get("Session Lost?");
        assertEquals("Choice", choice.path("Type").asText());
        assertEquals("Create Session", choice.path("Default").asText(), "a lost session is replaced");
        assertEquals(1, choice.path("Choices").size());
        JsonNode rule = choice.path("Choices").get(0);
        assertEquals("$.vendor.renewals", rule.path("And").get(0).path("Variable").asText());
        assertTrue(rule.path("And").get(0).path("IsPresent").asBoolean());
        assertEquals("$.vendor.renewals", rule.path("And").get(1).path("Variable").asText());
        assertEquals(MAX_SESSION_RENEWALS, rule.path("And").get(1).path("NumericGreaterThanEquals").asInt());
        JsonNode exhausted = states.get(rule.path("Next").asText());
        assertEquals("Pass", exhausted.path("Type").asText());
        assertEquals("$.error", exhausted.path("ResultPath").asText());
        assertEquals("Fail Job", exhausted.path("Next").asText());
        assertEquals(SESSION_NOT_FOUND, exhausted.path("Result").path("Error").asText());
        assertTrue(exhausted.path("Result").path("Cause").asText().contains("twice"), "the cause says what was tried");

        JsonNode create = states.get("Create Session");
        assertEquals("$.vendor", create.path("ResultPath").asText(), "Create Session returns the renewals it counts");
        assertEquals("Upload Media", create.path("Next").asText(), "a new session gets every file again");
    }

    @Test
    void successPath_storesCompletesAndNotifiesOnce() {
        assertEquals("Complete Job", states.get("Store Video").path("Next").asText());
        assertEquals("Notify Success", states.get("Complete Job").path("Next").asText());
        assertEquals("NotifyUser", function(states.get("Notify Success")));
        assertEquals("Succeed", states.get(states.get("Notify Success").path("Next").asText()).path("Type").asText());
    }

    /** How long one loop check may take on the worst legitimate path (they are single reads, a few hundred ms). */
    static final int LOOP_CHECK_SECONDS = 5;
    /** The NotificationInProgressException retries: 30 + 60 + 120 s. */
    static final int NOTIFY_IN_PROGRESS_SECONDS = 210;

    @Test
    void rootTimeout_coversTheWorstLegitimatePath_fromTheLoopsMaxima() {
        int root = definition.path("TimeoutSeconds").asInt(0);
        assertTrue(root > 0, "the definition needs a root TimeoutSeconds so no execution runs forever");
        Map<String, Object> parameters = PhotoreelTemplate.map(PhotoreelTemplate.load().raw().get("Parameters"));
        int uploadChecks = defaultOf(parameters, "MaxUploadChecks");
        int draftChecks = defaultOf(parameters, "MaxDraftChecks");
        int poll = defaultOf(parameters, "PollIntervalSeconds");
        int renderTimeout = defaultOf(parameters, "RenderTimeoutSeconds");
        int renderPolls = dev.photoreel.workflow.WorkflowConfig.maxRenderPolls(renderTimeout, poll,
                defaultOf(parameters, "MinPollSeconds"));
        // the render times out by the time since the submit: its waits add up to at most the timeout plus one interval
        int renderWaits = renderTimeout + poll;
        int waits = uploadChecks * defaultOf(parameters, "UploadCheckSeconds")
                + draftChecks * defaultOf(parameters, "DraftCheckSeconds") + renderWaits;
        int loopChecks = (uploadChecks + draftChecks + renderPolls) * LOOP_CHECK_SECONDS;
        int steps = 0;
        for (Map.Entry<String, JsonNode> task : tasks().entrySet()) {
            boolean loopCheck = BOUNDED_COUNTERS.containsKey(function(task.getValue()));
            boolean failurePathOnly = FAILURE_PATH.contains(task.getKey());
            if (!loopCheck && !failurePathOnly) {
                steps += task.getValue().path("TimeoutSeconds").asInt();
            }
        }
        int worst = waits + loopChecks + steps + NOTIFY_IN_PROGRESS_SECONDS;
        assertTrue(root >= worst, "root TimeoutSeconds " + root + " s is below the worst legitimate path " + worst
                + " s (docs/workflow-contract.md explains the figure)");
        assertTrue(root <= worst * 2, "root TimeoutSeconds " + root + " s is far above the worst legitimate path " + worst
                + " s: a stuck job would wait that long for its guard");
        assertTrue(ProjectFiles.read("docs/workflow-contract.md").contains(String.valueOf(root)),
                "docs/workflow-contract.md explains the root TimeoutSeconds figure");
    }

    @Test
    void notifySuccess_catchesWhatItsRetriesCannotFix_intoASucceedStateThatLeavesTheNotificationPending() {
        JsonNode notify = states.get("Notify Success");
        assertCatchesAllInto(notify, "Notification Pending");
        assertEquals("Succeed", states.get("Notification Pending").path("Type").asText(),
                "the video exists and the job is COMPLETED: the execution succeeds, the reconciler sends the message");
        assertTrue(retrierFor(notify, LAMBDA_TRANSIENT.get(0)) != null, "the retries run before the Catch");
    }

    private static int defaultOf(Map<String, Object> parameters, String name) {
        Object value = PhotoreelTemplate.map(parameters.get(name)).get("Default");
        assertNotNull(value, "template parameter " + name + " needs a Default");
        return Integer.parseInt(String.valueOf(value));
    }

    // ------------------------------------------------------------------ helpers

    private static void assertCatchesAllInto(JsonNode task, String next) {
        JsonNode catchers = task.path("Catch");
        assertEquals(1, catchers.size());
        assertEquals(List.of("States.ALL"), strings(catchers.get(0).path("ErrorEquals")));
        assertEquals(next, catchers.get(0).path("Next").asText());
        assertFalse("$.error".equals(catchers.get(0).path("ResultPath").asText()),
                "a failure on the failure path must not overwrite the job's own $.error");
    }

    private static void assertPermanentWorkflowError(String name) {
        assertTrue(permanentErrorNames().contains(name), name + " is not a permanent photoreel error");
    }

    static Set<String> permanentErrorNames() {
        Class<?> permanentBase = ExceptionClasses.load(NEMO_EXCEPTIONS + ".NemoPermanentException");
        Set<String> permanent = new TreeSet<>();
        for (Class<?> type : ExceptionClasses.concreteIn(NEMO_EXCEPTIONS)) {
            if (permanentBase.isAssignableFrom(type)) {
                permanent.add(type.getName());
            }
        }
        for (Class<?> type : ExceptionClasses.concreteIn(WORKFLOW_EXCEPTIONS)) {
            if (!TRANSIENT_WORKFLOW.contains(type.getName())) {
                permanent.add(type.getName());
            }
        }
        return permanent;
    }

    static Map<String, JsonNode> tasks() {
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        states.forEach((name, state) -> {
            if ("Task".equals(state.path("Type").asText())) {
                tasks.put(name, state);
            }
        });
        return tasks;
    }

    /** The Tasks of the job itself, i.e. all but the failure path and the final notification. */
    static Map<String, JsonNode> workflowTasks() {
        Map<String, JsonNode> tasks = tasks();
        tasks.keySet().removeAll(FAILURE_PATH);
        tasks.remove("Notify Success");
        return tasks;
    }

    static String function(JsonNode task) {
        Matcher m = TASK_RESOURCE.matcher(task.path("Resource").asText());
        return m.matches() ? m.group(1) : "";
    }

    static JsonNode retrierFor(JsonNode task, String error) {
        for (JsonNode retrier : task.path("Retry")) {
            if (strings(retrier.path("ErrorEquals")).contains(error)) {
                return retrier;
            }
        }
        return null;
    }

    /**
     * The rule of a Choice that leaves a loop when its counter reaches its setting ({@link #LOOP_BOUNDS}: {@code counter
     * >= $.settings.max...}, or {@code > $.settings.renderTimeoutSeconds}), guarded by IsPresent.
     */
    static JsonNode boundRule(JsonNode choice) {
        for (JsonNode rule : choice.path("Choices")) {
            JsonNode and = rule.path("And");
            if (and.size() == 2 && and.get(0).path("IsPresent").asBoolean(false)) {
                String setting = and.get(0).path("Variable").asText();
                String counter = and.get(1).path("Variable").asText();
                String compared = and.get(1).has("NumericGreaterThanEqualsPath") ? and.get(1).path("NumericGreaterThanEqualsPath").asText()
                        : and.get(1).path("NumericGreaterThanPath").asText();
                if (setting.equals(LOOP_BOUNDS.get(counter)) && setting.equals(compared)) {
                    return rule;
                }
            }
        }
        return null;
    }

    static List<String> targets(JsonNode state) {
        List<String> targets = new ArrayList<>();
        if (state.has("Next")) {
            targets.add(state.get("Next").asText());
        }
        if (state.has("Default")) {
            targets.add(state.get("Default").asText());
        }
        state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
        state.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
        return targets;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Whether the graph without the given nodes still has a cycle (depth-first search with colours). */
    static boolean hasCycle(Map<String, Set<String>> graph, Set<String> removed) {
        Map<String, Integer> colour = new HashMap<>();
        for (String start : graph.keySet()) {
            if (!removed.contains(start) && colour.getOrDefault(start, 0) == 0 && visit(graph, removed, start, colour)) {
                return true;
            }
        }
        return false;
    }

    private static boolean visit(Map<String, Set<String>> graph, Set<String> removed, String node,
            Map<String, Integer> colour) {
        colour.put(node, 1);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (removed.contains(next)) {
                continue;
            }
            int c = colour.getOrDefault(next, 0);
            if (c == 1 || (c == 0 && visit(graph, removed, next, colour))) {
                return true;
            }
        }
        colour.put(node, 2);
        return false;
    }
}
