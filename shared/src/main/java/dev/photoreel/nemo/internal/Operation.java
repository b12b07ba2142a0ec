package dev.photoreel.nemo.internal;

/** The client's calls, with the words a message uses for them. */
public enum Operation {
    MINT_TOKEN("the anonymous token request"),
    CREATE_SESSION("creating a session"),
    UPLOAD_FILES("uploading files"),
    UPLOAD_URLS("uploading files by URL"),
    RUN_INSTRUCTION("the instruction stream"),
    CREDITS("reading the credit balance"),
    SESSION_STATE("reading the session state"),
    SUBMIT_RENDER("submitting the export"),
    POLL_RENDER("polling the export"),
    DOWNLOAD("downloading the export"),
    CANCEL_RENDER("cancelling the export");

    private final String description;

    Operation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
