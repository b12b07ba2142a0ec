package dev.photoreel.render;

/**
 * What ffmpeg says about a media file (see {@link MediaProbe}). For a still image the video codec is e.g. {@code mjpeg} or {@code png},
 * with its width and height; for an audio file the video fields are null/0.
 *
 * @param formatName       container format as ffmpeg names it ({@code mov,mp4,m4a,3gp,3g2,mj2}, {@code png_pipe}, ...)
 * @param videoCodec       codec of the first real video stream (cover art excluded), or null when there is none
 * @param width            video width in pixels, 0 without video
 * @param height           video height in pixels, 0 without video
 * @param durationSeconds  duration in seconds, 0 when unknown (still images)
 * @param frameCount       frames counted by decoding, or {@link #NOT_COUNTED} when the probe did not count them
 * @param fps              average frame rate, 0 when unknown
 * @param audioCodec       codec of the first audio stream, or null when there is none
 * @param audioChannels    channels of that audio stream, 0 without audio
 * @param audioDurationSeconds duration of that audio stream: measured by decoding ({@code probe(file, true)}), else the
 *                         file's duration for an audio-only file; 0 without audio or when unknown
 */
public record MediaInfo(String formatName, String videoCodec, int width, int height, double durationSeconds,
                        long frameCount, double fps, String audioCodec, int audioChannels,
                        double audioDurationSeconds) {

    public static final long NOT_COUNTED = -1;

    public boolean hasVideo() {
        return videoCodec != null;
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }
}
