package dev.photoreel.workflow.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A small MP4 (ISO base media) box reader: walks the top-level boxes with ranged reads (never the
 * whole file), requires an {@code ftyp} box first, and reads the duration from {@code moov/mvhd}.
 */
public final class Mp4Inspector {

    /** Reads bytes of the file at an offset (a ranged GET for S3). */
    @FunctionalInterface
    public interface RangeReader {
        byte[] read(long offset, int length);
    }

    /** What the check found. */
    public record Mp4Info(String majorBrand, double durationSeconds) {
    }

    private static final int MAX_BOXES = 10_000;
    private static final int MAX_MOOV_BYTES = 64 * 1024 * 1024;

    private Mp4Inspector() {
    }

    /**
     * @param size the file's size in bytes
     * @return the brand and duration, or a reason why this is not a playable MP4
     */
    public static Result inspect(RangeReader reader, long size) {
        if (size < 8) {
            return Result.failure("the file is " + size + " bytes: too short to be an MP4");
        }
        long offset = 0;
        String brand = null;
        for (int boxes = 0; offset < size && boxes < MAX_BOXES; boxes++) {
            byte[] header = reader.read(offset, 16);
            if (header.length < 8) {
                return Result.failure("truncated box header at byte " + offset);
            }
            ByteBuffer buf = ByteBuffer.wrap(header);
            long boxSize = Integer.toUnsignedLong(buf.getInt());
            String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
            if (boxes == 0 && !type.equals("ftyp")) {
                return Result.failure("the file does not start with an 'ftyp' box (found '" + printable(type) + "'): not an MP4");
            }
            int headerSize = 8;
            if (boxSize == 1) {
                if (header.length < 16) {
                    return Result.failure("truncated 64-bit box size at byte " + offset);
                }
                boxSize = buf.getLong(8);
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = size - offset;
            }
            if (boxSize < headerSize || offset + boxSize > size) {
                return Result.failure("box '" + printable(type) + "' at byte " + offset + " has an impossible size " + boxSize);
            }
            if (boxes == 0) {
                brand = new String(reader.read(offset + headerSize, 4), StandardCharsets.ISO_8859_1);
            }
            if (type.equals("moov")) {
                if (boxSize > MAX_MOOV_BYTES) {
                    return Result.failure("the 'moov' box is " + boxSize + " bytes: too large to check");
                }
                byte[] moov = reader.read(offset + headerSize, (int) (boxSize - headerSize));
                Optional<Double> duration = mvhdDuration(moov);
                if (duration.isEmpty()) {
                    return Result.failure("the 'moov' box has no readable 'mvhd' box");
                }
                if (!(duration.get() > 0)) {
                    return Result.failure("the movie header says the duration is " + duration.get() + " s");
                }
                return Result.success(new Mp4Info(brand, duration.get()));
            }
            offset += boxSize;
        }
        return Result.failure("no 'moov' box: the MP4 is incomplete");
    }

    /** Finds {@code mvhd} among the children of a {@code moov} body and reads its duration. */
    static Optional<Double> mvhdDuration(byte[] moov) {
        ByteBuffer buf = ByteBuffer.wrap(moov);
        while (buf.remaining() >= 8) {
            int start = buf.position();
            long boxSize = Integer.toUnsignedLong(buf.getInt());
            byte[] typeBytes = new byte[4];
            buf.get(typeBytes);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            int headerSize = 8;
            if (boxSize == 1) {
                if (buf.remaining() < 8) {
                    return Optional.empty();
                }
                boxSize = buf.getLong();
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = moov.length - start;
            }
            if (boxSize < headerSize || start + boxSize > moov.length) {
                return Optional.empty();
            }
            if (type.equals("mvhd")) {
                int version = buf.get() & 0xFF;
                buf.position(buf.position() + 3); // flags
                long timescale;
                long duration;
                if (version == 1) {
                    if (buf.remaining() < 28) {
                        return Optional.empty();
                    }
                    buf.position(buf.position() + 16);
                    timescale = Integer.toUnsignedLong(buf.getInt());
                    duration = buf.getLong();
                } else {
                    if (buf.remaining() < 16) {
                        return Optional.empty();
                    }
                    buf.position(buf.position() + 8);
                    timescale = Integer.toUnsignedLong(buf.getInt());
                    duration = Integer.toUnsignedLong(buf.getInt());
                }
                if (timescale == 0) {
                    return Optional.of(0.0);
                }
                return Optional.of((double) duration / timescale);
            }
            buf.position((int) (start + boxSize));
        }
        return Optional.empty();
    }

    private static String printable(String type) {
        return type.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** Either the info or the reason the file failed the check. */
    public record Result(Mp4Info info, String failure) {
        static Result success(Mp4Info info) {
            return new Result(info, null);
        }

        static Result failure(String reason) {
            return new Result(null, reason);
        }

        public boolean ok() {
            return info != null;
        }
    }
}
