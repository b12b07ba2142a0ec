package dev.photoreel.workflow;

/** A job's status. The rank orders them: a status change never lowers the rank. */
public enum JobStatus {
    RECEIVED(0, "receivedAt"),
    WAITING_FOR_UPLOADS(1, "waitingForUploadsAt"),
    VALIDATING(2, "validatingAt"),
    UPLOADING(3, "uploadingAt"),
    EDITING(4, "editingAt"),
    RENDERING(5, "renderingAt"),
    STORING(6, "storingAt"),
    COMPLETED(7, "completedAt"),
    FAILED(7, "failedAt");

    private final int rank;
    private final String timestampAttribute;

    JobStatus(int rank, String timestampAttribute) {
        this.rank = rank;
        this.timestampAttribute = timestampAttribute;
    }

    public int rank() {
        return rank;
    }

    /** The job item attribute holding when the job entered this status. */
    public String timestampAttribute() {
        return timestampAttribute;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Whether the job still accepts uploads into its input set. */
    public boolean isCollecting() {
        return this == RECEIVED || this == WAITING_FOR_UPLOADS;
    }
}
