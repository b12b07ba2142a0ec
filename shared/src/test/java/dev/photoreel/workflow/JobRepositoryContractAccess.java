package dev.photoreel.workflow;

/** Opens {@link JobRepositoryContract} to implementations tested in other packages. */
public abstract class JobRepositoryContractAccess extends JobRepositoryContract {

    protected abstract JobRepository newRepository();
}
