package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.media.MediaFormat;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.exceptions.JobValidationException;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.Samples;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The workflow's validation and the emulator's upload answer the same question with the one sniffer: a
 * file validation lets through is never refused by the vendor for its format. MP3 frames without an ID3
 * tag were where the two used to disagree (validation took a frame sync with a "bad" bitrate index).
 */
class MediaPolicyAgreementTest {

    private static byte[] mp3Frame(int second, int third) {
        byte[] head = new byte[64];
        head[0] = (byte) 0xFF;
        head[1] = (byte) second;
        head[2] = (byte) third;
        head[3] = 0x64;
        return head;
    }

    private static boolean workflowAccepts(byte[] audio) {
        Fixture f = new Fixture();
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/song.mp3", audio);
        String jobId = f.receivedJob("trip", "a.jpg");
        f.jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), f.now());
        try {
            f.validation().validate(jobId);
            return true;
        } catch (JobValidationException e) {
            assertTrue(e.getMessage().contains("'song.mp3'"), e.getMessage());
            return false;
        }
    }

    private static boolean emulatorAccepts(byte[] audio) {
        try {
            UploadFormats.accepted("song.mp3", audio);
            return true;
        } catch (ApiError e) {
            assertEquals(4001, e.body().get("code").asInt());
            assertEquals("song.mp3", e.body().get("data").get("filename").asText());
            return false;
        }
    }

    @Test
    void mp3FrameWithoutId3_bothAcceptIt() {
        byte[] frame = mp3Frame(0xFB, 0x90);

        assertTrue(workflowAccepts(frame));
        assertTrue(emulatorAccepts(frame));
        assertEquals(MediaFormat.MP3, UploadFormats.accepted("song.mp3", frame));
    }

    @Test
    void mp3FrameWithBadBitrateIndex_bothRefuseIt() {
        byte[] badBitrate = mp3Frame(0xFB, 0xF0);

        assertEquals(false, workflowAccepts(badBitrate), "validation must refuse what the vendor refuses");
        assertEquals(false, emulatorAccepts(badBitrate));
    }

    @Test
    void mpegAudioHeads_validationAndEmulatorAlwaysAgree() {
        for (int second = 0xE0; second <= 0xFF; second++) {
            for (int third = 0; third <= 0xFF; third += 0x04) {
                byte[] head = mp3Frame(second, third);
                assertEquals(workflowAccepts(head), emulatorAccepts(head),
                        "head " + Arrays.toString(Arrays.copyOf(head, 3)));
            }
        }
    }
}
