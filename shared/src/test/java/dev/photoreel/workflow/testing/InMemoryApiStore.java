package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.Job;
import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.api.ApiStore;
import dev.photoreel.workflow.api.JobsApiService;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ApiStore} over an {@link InMemoryJobRepository}: the listing index is the job items with a listKey. */
public final class InMemoryApiStore implements ApiStore {

    private final InMemoryJobRepository jobs;
    private final Map<String, Integer> progress = new HashMap<>();

    public InMemoryApiStore(InMemoryJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public synchronized Page listJobs(Optional<StatusFilter> status, int limit, Optional<Map<String, String>> startKey) {
        List<Job> all = jobs.all().stream().filter(j -> j.attributes().get(JobsApiService.LIST_KEY) != null)
                .sorted(Comparator.comparing((Job j) -> (String) j.attributes().get(JobAttributes.CREATED_AT)).thenComparing(Job::jobId).reversed()).toList();
        int from = 0;
        if (startKey.isPresent()) {
            String last = startKey.get().get("jobId");
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).jobId().equals(last)) {
                    from = i + 1;
                }
            }
        }
        List<Job> window = all.subList(from, Math.min(all.size(), from + limit));
        List<ListedJob> listed = window.stream()
                .map(j -> new ListedJob(j.jobId(), j.status().name(), j.executionStarted(), (String) j.attributes().get(JobAttributes.CREATED_AT)))
                .filter(j -> status.isEmpty() || matches(status.get(), j)).toList();
        Optional<Map<String, String>> lastKey = from + limit < all.size()
                ? Optional.of(Map.of("jobId", window.get(window.size() - 1).jobId())) : Optional.empty();
        return new Page(listed, lastKey);
    }

    private static boolean matches(StatusFilter filter, ListedJob job) {
        boolean done = job.status().equals("COMPLETED") || job.status().equals("FAILED");
        return switch (filter) {
            case COMPLETED, FAILED -> job.status().equals(filter.name());
            case RUNNING -> !done && job.executionStarted();
            case CREATED -> !done && !job.executionStarted();
        };
    }

    @Override
    public synchronized int raiseProgress(String jobId, int value) {
        return progress.merge(jobId, value, Math::max);
    }

    @Override
    public byte[] cursorKey() {
        return "test-cursor-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    }
}
