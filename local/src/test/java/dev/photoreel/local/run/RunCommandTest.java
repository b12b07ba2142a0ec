package dev.photoreel.local.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void parse_takesFolderInstructionOutAndAspect() throws Exception {
        Path folder = folderWithAPhoto("My Trip");

        RunCommand.Arguments args = RunCommand.parse(List.of(folder.toString(), "a calm video", "--out", "x.mp4", "--aspect", "9:16"));

        assertEquals(folder, args.folder());
        assertEquals("a calm video", args.instruction());
        assertEquals(Path.of("x.mp4"), args.out());
        assertEquals("9:16", args.aspect());
    }

    @Test
    void parse_withoutOut_writesToOutNamedAfterTheFolder() throws Exception {
        Path folder = folderWithAPhoto("My Trip");

        assertEquals(Path.of("out", "my-trip.mp4"), RunCommand.parse(List.of(folder.toString())).out());
    }

    @Test
    void parse_whenTheAspectIsUnknown_failsListingTheAllowedOnes() throws Exception {
        Path folder = folderWithAPhoto("p");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunCommand.parse(List.of(folder.toString(), "--aspect", "4:3")));
        assertTrue(e.getMessage().contains("16:9"), e.getMessage());
    }

    @Test
    void parse_whenTheFolderHasNoFiles_saysWhatToPutInIt_beforeAnyStackStarts() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve(".DS_Store"), "hidden");
        Files.writeString(empty.resolve("job.json"), "{}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(List.of(empty.toString())));
        assertTrue(e.getMessage().startsWith("No files in " + empty + ": put the photos"), e.getMessage());
    }

    @Test
    void parse_whenTheFolderIsMissing_saysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(List.of(dir.resolve("nope").toString())));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }

    @Test
    void jobName_isSafeForAnS3Prefix() {
        assertEquals("summer-2024-ibiza", FolderUpload.jobName(Path.of("/tmp/Summer 2024 (Ibiza)")));
    }

    @Test
    void parse_renderer_isNemovideoOrFfmpeg() throws Exception {
        Path folder = folderWithAPhoto("r");
        assertEquals("ffmpeg", RunCommand.parse(List.of(folder.toString(), "--renderer", "ffmpeg")).renderer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunCommand.parse(List.of(folder.toString(), "--renderer", "premiere")));
        assertTrue(e.getMessage().contains("nemovideo, ffmpeg"), e.getMessage());
    }

    private Path folderWithAPhoto(String name) throws Exception {
        Path folder = Files.createDirectory(dir.resolve(name));
        Files.write(folder.resolve("01.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        return folder;
    }
}
