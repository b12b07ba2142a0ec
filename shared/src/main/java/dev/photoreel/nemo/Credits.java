package dev.photoreel.nemo;

/** A credit balance; {@code total} is available + frozen (or total granted, in the other version). */
public record Credits(long available, long frozen, long total) {
}
