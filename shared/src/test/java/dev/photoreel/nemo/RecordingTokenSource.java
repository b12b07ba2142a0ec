package dev.photoreel.nemo;

import java.util.ArrayList;
import java.util.List;

/** A token source for tests: hands out a fixed token, renews to the next one, records each renewal. */
final class RecordingTokenSource implements TokenSource {

    private final List<String> tokens;
    private final List<String> rejected = new ArrayList<>();
    private int current;

    RecordingTokenSource(String... tokens) {
        this.tokens = List.of(tokens);
    }

    @Override
    public synchronized String currentToken() {
        return tokens.get(current);
    }

    @Override
    public synchronized String renewAfterRejection(String rejectedToken) {
        rejected.add(rejectedToken);
        current = Math.min(current + 1, tokens.size() - 1);
        return tokens.get(current);
    }

    synchronized List<String> rejected() {
        return List.copyOf(rejected);
    }
}
