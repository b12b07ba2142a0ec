package dev.photoreel.local.bench;

import dev.photoreel.local.Command;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.render.Ffmpeg;
import dev.photoreel.render.FfmpegLocator;
import dev.photoreel.render.FfmpegRenderEngine;
import dev.photoreel.render.MediaInfo;
import dev.photoreel.render.MediaProbe;
import dev.photoreel.render.RenderSettings;
import dev.photoreel.render.TimelinePlan;
import dev.photoreel.render.VideoTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code bench render [--rounds N] [--out DIR]}: renders the same 30-second 1080p slideshow (8 example photos, pan,
 * crossfades, music) through the engine and through a hand-written ffmpeg command line for the same video, alternating,
 * N rounds (default 3), and prints wall time, the ratio, seconds of video per second of rendering, and the ffmpeg
 * process's CPU seconds and peak memory (read from /proc every 50 ms while it runs, so Linux only, and the last
 * &lt;50 ms of CPU can be missed). A benchmark, not a test: it asserts nothing but that both outputs are 30 s of
 * 1920x1080 H.264.
 */
public final class RenderBenchCommand implements Command {

    static final int IMAGES = 8;
    static final double SECONDS = 30;
    static final double TRANSITION = 0.6;
    static final int FPS = 30;

    @Override
    public String usage() {
        return "bench render [--rounds N] [--out DIR]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (args.isEmpty() || !args.get(0).equals("render")) {
            System.err.println("usage: " + usage());
            return 2;
        }
        int rounds = 3;
        Path out = Path.of("target", "bench");
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
                case "--out" -> out = Path.of(args.get(++i));
                default -> {
                    System.err.println("unknown argument " + args.get(i) + "; usage: " + usage());
                    return 2;
                }
            }
        }
        Files.createDirectories(out);
        Path examples = StackOptions.findProjectRoot(Path.of("")).resolve("examples");
        List<Path> photos = new ArrayList<>();
        for (String set : List.of("city", "seaside", "mountains")) {
            try (Stream<Path> list = Files.list(examples.resolve(set))) {
                list.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(photos::add);
            }
        }
        if (photos.size() < IMAGES) {
            System.err.println("need " + IMAGES + " photos under " + examples + ", found " + photos.size());
            return 1;
        }
        Path music = examples.resolve("music/summer-chords.mp3");
        List<VideoTimeline.Clip> clips = photos.subList(0, IMAGES).stream()
                .map(p -> new VideoTimeline.Clip(p, SECONDS / IMAGES)).toList();
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS, clips, TRANSITION, VideoTimeline.Fit.BLURRED_FILL, true,
                music, null);

        Ffmpeg ffmpeg = FfmpegLocator.locate();
        RenderSettings settings = RenderSettings.fromEnvironment();
        FfmpegRenderEngine engine = new FfmpegRenderEngine(ffmpeg, settings);
        MediaProbe probe = new MediaProbe(ffmpeg);
        List<Measure> engineRuns = new ArrayList<>();
        List<Measure> handRuns = new ArrayList<>();
        System.out.printf(Locale.ROOT, "render bench: %d x 1920x1080, %.0f s, %d images, pan, %.1f s crossfades, music; preset %s, "
                + "%d cores%n", rounds, SECONDS, IMAGES, TRANSITION, settings.x264Preset(), Runtime.getRuntime().availableProcessors());
        for (int round = 1; round <= rounds; round++) {
            Path engineOut = out.resolve("engine-" + round + ".mp4");
            Path handOut = out.resolve("hand-" + round + ".mp4");
            engineRuns.add(measure(() -> {
                engine.render(timeline, engineOut);
                return null;
            }));
            handRuns.add(measure(() -> {
                runHandWritten(ffmpeg, settings, timeline, handOut);
                return null;
            }));
            check(probe.probe(engineOut), "engine");
            check(probe.probe(handOut), "hand-written");
            System.out.printf(Locale.ROOT, "round %d  engine %s   hand-written %s%n", round, engineRuns.get(round - 1),
                    handRuns.get(round - 1));
        }
        double engineWall = median(engineRuns.stream().map(Measure::wallSeconds).toList());
        double handWall = median(handRuns.stream().map(Measure::wallSeconds).toList());
        System.out.printf(Locale.ROOT, "median wall: engine %.2f s, hand-written %.2f s, ratio %.3f (target <= 1.1)%n",
                engineWall, handWall, engineWall / handWall);
        System.out.printf(Locale.ROOT, "seconds of video per second of rendering: engine %.2f, hand-written %.2f (faster than real time"
                + " when above 1)%n", SECONDS / engineWall, SECONDS / handWall);
        return 0;
    }

    /** One render's wall time, and its ffmpeg process's CPU time and peak resident memory. */
    record Measure(double wallSeconds, double cpuSeconds, long peakRssKb) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f s wall, %.2f s CPU, %d MB peak", wallSeconds, cpuSeconds, peakRssKb / 1024);
        }
    }

    private static Measure measure(Supplier<Void> render) throws InterruptedException {
        ProcSampler sampler = new ProcSampler();
        Thread thread = new Thread(sampler, "bench-sampler");
        thread.setDaemon(true);
        thread.start();
        long started = System.nanoTime();
        try {
            render.get();
        } finally {
            sampler.stop();
            thread.join();
        }
        return new Measure((System.nanoTime() - started) / 1e9, sampler.cpuSeconds(), sampler.peakRssKb());
    }

    /**
     * The same slideshow as the engine's graph, written out as one ffmpeg command line the way a person would: every
     * image looped by the demuxer ({@code -loop 1 -t}), fitted over a blurred, dimmed copy of itself on a canvas 8%
     * larger, panned by a moving crop, joined by xfade at the same offsets, the music trimmed, loudness-normalised
     * and faded, the same encoder settings.
     */
    static List<String> handWrittenCommand(Ffmpeg ffmpeg, RenderSettings settings, VideoTimeline timeline, Path output) {
        TimelinePlan plan = TimelinePlan.of(timeline);
        int n = timeline.clips().size();
        int cw = 2074;
        int ch = 1166;
        List<String> cmd = new ArrayList<>(List.of(ffmpeg.executable().toString(), "-hide_banner", "-nostdin", "-v", "error", "-y"));
        for (int i = 0; i < n; i++) {
            cmd.addAll(List.of("-loop", "1", "-framerate", String.valueOf(FPS), "-t", fmt(plan.clipSeconds(i)),
                    "-i", timeline.clips().get(i).image().toString()));
        }
        cmd.addAll(List.of("-i", timeline.music().toString()));
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double d = plan.clipSeconds(i);
            String along = i % 2 == 0 ? "t/" + fmt(d) : "(1-t/" + fmt(d) + ")";
            g.append('[').append(i).append(":v]scale=").append(cw).append(':').append(ch)
                    .append(":force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p,setsar=1,split[f")
                    .append(i).append("][b").append(i).append("];")
                    .append("[b").append(i).append("]scale=260:146:force_original_aspect_ratio=increase,crop=260:146,")
                    .append("boxblur=luma_radius=10:luma_power=2,lutyuv=y=16+(val-16)*0.7:u=128+(val-128)*0.7:v=128+(val-128)*0.7,")
                    .append("scale=").append(cw).append(':').append(ch).append(",setsar=1[bb").append(i).append("];")
                    .append("[bb").append(i).append("][f").append(i).append("]overlay=x=(W-w)/2:y=(H-h)/2:format=yuv420,")
                    .append("crop=1920:1080:x=(iw-ow)*").append(along).append(":y=(ih-oh)*").append(along)
                    .append(",setsar=1[v").append(i).append("];");
        }
        String previous = "v0";
        for (int k = 1; k < n; k++) {
            g.append('[').append(previous).append("][v").append(k).append("]xfade=transition=fade:duration=")
                    .append(fmt(plan.transitionSeconds())).append(":offset=").append(fmt(plan.offsetsSeconds().get(k - 1)))
                    .append("[x").append(k).append("];");
            previous = "x" + k;
        }
        double total = plan.durationSeconds();
        g.append('[').append(previous).append("]format=yuv420p[v];")
                .append('[').append(n).append(":a]atrim=duration=").append(fmt(total)).append(",asetpts=PTS-STARTPTS,")
                .append("loudnorm=I=-16:TP=-1.5:LRA=11,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,")
                .append("afade=t=in:st=0:d=1.5,afade=t=out:st=").append(fmt(total - 1.5)).append(":d=1.5[a]");
        cmd.addAll(List.of("-filter_complex", g.toString(), "-map", "[v]", "-map", "[a]",
                "-c:v", "libx264", "-preset", settings.x264Preset(), "-crf", String.valueOf(settings.crf()),
                "-profile:v", "high", "-pix_fmt", "yuv420p", "-r", String.valueOf(FPS), "-g", String.valueOf(2 * FPS),
                "-c:a", "aac", "-b:a", settings.audioBitrateKbps() + "k", "-ar", "48000", "-ac", "2",
                "-t", fmt(total), "-movflags", "+faststart", output.toString()));
        return cmd;
    }

    private static void runHandWritten(Ffmpeg ffmpeg, RenderSettings settings, VideoTimeline timeline, Path output) {
        try {
            Process process = new ProcessBuilder(handWrittenCommand(ffmpeg, settings, timeline, output))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(settings.timeout().toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the hand-written ffmpeg command did not finish within " + settings.timeout());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the hand-written ffmpeg command failed with exit code " + process.exitValue()
                        + "; run it by hand to see why: " + String.join(" ", handWrittenCommand(ffmpeg, settings, timeline, output)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start ffmpeg: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void check(MediaInfo info, String which) {
        if (info.width() != 1920 || info.height() != 1080 || !"h264".equals(info.videoCodec())
                || Math.abs(info.durationSeconds() - SECONDS) > 0.2) {
            throw new IllegalStateException(which + " made " + info + ", not 30 s of 1920x1080 H.264");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    /** Samples the JVM's ffmpeg child processes from /proc: the largest CPU time and resident set seen. */
    static final class ProcSampler implements Runnable {
        private static final long CLOCK_TICKS = 100;
        private volatile boolean running = true;
        private volatile double cpuSeconds;
        private volatile long peakRssKb;

        @Override
        public void run() {
            while (running) {
                ProcessHandle.current().descendants().filter(p -> p.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
                        .forEach(this::sample);
                try {
                    Thread.sleep(Duration.ofMillis(50).toMillis()); // a sampling interval, not a wait for a result
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample(ProcessHandle process) {
            Path proc = Path.of("/proc", String.valueOf(process.pid()));
            try {
                String stat = Files.readString(proc.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
                cpuSeconds = Math.max(cpuSeconds, cpu);
                Optional<String> hwm = Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.startsWith("VmHWM:")).findFirst();
                hwm.ifPresent(l -> peakRssKb = Math.max(peakRssKb, Long.parseLong(l.replaceAll("[^0-9]", ""))));
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading: keep what was sampled
            }
        }

        void stop() {
            running = false;
        }

        double cpuSeconds() {
            return cpuSeconds;
        }

        long peakRssKb() {
            return peakRssKb;
        }
    }
}
