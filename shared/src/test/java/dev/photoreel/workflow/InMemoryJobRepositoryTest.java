package dev.photoreel.workflow;

import dev.photoreel.workflow.testing.InMemoryJobRepository;

class InMemoryJobRepositoryTest extends JobRepositoryContract {
    @Override
    JobRepository newRepository() {
        return new InMemoryJobRepository();
    }
}
