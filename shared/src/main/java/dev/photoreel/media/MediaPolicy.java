package dev.photoreel.media;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which of the formats {@link MediaFormat#sniff} recognises one side accepts. The workflow and the vendor
 * (and so its emulator) sniff with the same code, so a file the workflow accepts is never refused by the
 * vendor for its format.
 */
public final class MediaPolicy {

    /** What a job may contain: images, and audio as background music. */
    public static final MediaPolicy WORKFLOW = new MediaPolicy(List.of(MediaFormat.Kind.IMAGE, MediaFormat.Kind.AUDIO));

    /** What NemoVideo accepts as an upload (docs/nemovideo-api.md, "Accepted formats"), in the vendor's order. */
    public static final MediaPolicy NEMOVIDEO = new MediaPolicy(
            List.of(MediaFormat.Kind.VIDEO, MediaFormat.Kind.IMAGE, MediaFormat.Kind.AUDIO));

    private final List<MediaFormat.Kind> kinds;

    private MediaPolicy(List<MediaFormat.Kind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** The format of a file from its first bytes, when this side accepts it. */
    public Optional<MediaFormat> accept(byte[] head) {
        return MediaFormat.sniff(head).filter(this::accepts);
    }

    public boolean accepts(MediaFormat format) {
        return kinds.contains(format.kind());
    }

    /** The accepted formats, for messages: {@code jpg/jpeg, png, gif, webp, mp3, wav, m4a, aac}. */
    public String supported() {
        return kinds.stream()
                .flatMap(kind -> Arrays.stream(MediaFormat.values()).filter(f -> f.kind() == kind))
                .map(MediaFormat::listedName)
                .collect(Collectors.joining(", "));
    }
}
