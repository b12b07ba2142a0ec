package dev.photoreel.workflow.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the jobs API keeps in the jobs table beside the job items: the listing index (a sparse GSI over job
 * items, newest first), the highest progress a job has shown (so it never goes down), and the key that signs
 * list cursors.
 */
public interface ApiStore {

    /** The API's status filter of a listing. */
    enum StatusFilter { CREATED, RUNNING, COMPLETED, FAILED }

    /** One job as the listing index projects it. */
    record ListedJob(String jobId, String status, boolean executionStarted, String createdAt) {
    }

    /** One page, and the key to continue after it (absent on the last page). */
    record Page(List<ListedJob> jobs, Optional<Map<String, String>> lastKey) {
    }

    /** Jobs newest first, at most {@code limit}, after {@code startKey} (a previous page's last key) when given. */
    Page listJobs(Optional<StatusFilter> status, int limit, Optional<Map<String, String>> startKey);

    /** Records {@code progress} when it is above what the job has shown; returns the highest progress shown. */
    int raiseProgress(String jobId, int progress);

    /** The secret key that signs list cursors (created on first use, then the same for every function). */
    byte[] cursorKey();
}
