package dev.photoreel.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.nemo.internal.Json;
import org.junit.jupiter.api.Test;

class DraftTest {

    private static final String CONTRACT_DRAFT = """
            {"t":[
              {"tt":0,"m":{"title":"city timelapse","width":1920,"height":1080},"d":10000,
               "sg":[{"st":0,"d":4000,"src":"/mnt/userdata/a.jpg","fx":{"kind":"fade","ms":500}},{"st":4000,"d":6000,"src":"b.jpg"}]},
              {"tt":1,"m":{"title":"Lo-fi","volume":0.35},"d":10000,"sg":[{"st":0,"d":10000,"src":"lofi.mp3"}]},
              {"tt":7,"m":{"title":"Urban Dreams"},"sg":[{"st":0,"d":3000,"text":"Urban Dreams"}]}
            ],
            "canvas":{"ratio":"16:9"},"vendor_future_key":[1,2.50,{"deep":null}],"big":12345678901234567890,"f":0.1}
            """;

    @Test
    void summary_readsLikeTheContract() {
        Draft draft = Draft.parse(CONTRACT_DRAFT);

        assertEquals("Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) "
                + "3. Title: \"Urban Dreams\" (0-3s)", draft.summary());
    }

    @Test
    void roundTrip_keepsUnknownKeysAndNumbersExactly() throws Exception {
        Draft draft = Draft.parse(CONTRACT_DRAFT);

        String written = draft.toJsonText();

        JsonNode original = Json.MAPPER.readTree(CONTRACT_DRAFT);
        JsonNode again = Json.MAPPER.readTree(written);
        assertEquals(original, again);
        assertTrue(written.contains("\"vendor_future_key\":[1,2.50,{\"deep\":null}]"), written);
        assertTrue(written.contains("12345678901234567890"), written);
        assertTrue(written.contains("\"f\":0.1"), written);
        assertEquals(draft, Draft.parse(written));
    }

    @Test
    void toJson_isACopy() {
        Draft draft = Draft.parse(CONTRACT_DRAFT);

        draft.toJson().remove("t");

        assertTrue(draft.isExportable());
    }

    @Test
    void isExportable_needsATrackWithSegments() {
        assertTrue(Draft.parse(CONTRACT_DRAFT).isExportable());
        assertFalse(Draft.parse("{\"t\":[{\"tt\":0,\"sg\":[]}]}").isExportable());
        assertFalse(Draft.parse("{\"t\":[]}").isExportable());
        assertFalse(Draft.parse("{}").isExportable());
    }

    @Test
    void summary_toleratesMissingFields() {
        assertEquals("Timeline (0 tracks)", Draft.parse("{}").summary());
        assertEquals("Timeline (2 tracks): 1. Video: 3 segments (0-7.5s) 2. Track type 4: 0 segments",
                Draft.parse("{\"t\":[{\"tt\":0,\"sg\":[{\"d\":2500},{\"d\":2500},{\"duration\":2500}]},{\"tt\":4}]}").summary());
        assertEquals("Timeline (1 track): 1. BGM: song.mp3 (0-30s, 80%)",
                Draft.parse("{\"t\":[{\"tt\":1,\"d\":30000,\"sg\":[{\"name\":\"song.mp3\",\"volume\":80}]}]}").summary());
        assertEquals("Timeline (1 track): 1. Track: 0 segments", Draft.parse("{\"t\":[{}]}").summary());
    }

    @Test
    void summary_ofTheEmulatorsDraftShape() {
        Draft draft = Draft.parse("""
                {"v":1,"d":9000,"m":{"width":1920,"height":1080,"title":"Summer Trip"},
                 "t":[{"id":"trk_video","tt":0,"n":"Video","d":9000,
                       "sg":[{"id":"seg_1","n":"a.jpg","st":0,"d":3000,"tr":{"type":"fade","d":500}},
                             {"id":"seg_2","n":"b.jpg","st":3000,"d":3000},{"id":"seg_3","n":"c.jpg","st":6000,"d":3000}]},
                      {"id":"trk_bgm","tt":1,"n":"BGM","d":9000,"sg":[{"id":"seg_bgm","n":"song.mp3","st":0,"d":9000,"vol":0.8}]},
                      {"id":"trk_title","tt":7,"n":"Title","d":3000,"sg":[{"id":"seg_title","text":"Summer Trip","st":0,"d":3000}]}]}
                """);

        assertEquals("Timeline (3 tracks): 1. Video: a.jpg + 2 more (0-9s) 2. BGM: song.mp3 (0-9s, 80%) "
                + "3. Title: \"Summer Trip\" (0-3s)", draft.summary());
    }

    @Test
    void summary_ofFiveImagesOfTwoSecondsWithCrossfades_spansTenSeconds() {
        StringBuilder segments = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            segments.append(i == 0 ? "" : ",").append("{\"n\":\"img").append(i + 1).append(".jpg\",\"st\":")
                    .append(i * 2000).append(",\"d\":2000").append(i < 4 ? ",\"tr\":{\"type\":\"fade\",\"d\":500}" : "")
                    .append('}');
        }
        Draft draft = Draft.parse("{\"d\":10000,\"t\":[{\"tt\":0,\"n\":\"Video\",\"d\":10000,\"sg\":[" + segments + "]}]}");

        assertEquals("Timeline (1 track): 1. Video: img1.jpg + 4 more (0-10s)", draft.summary());
    }

    @Test
    void parse_refusesWhatIsNotAJsonObject() {
        assertThrows(IllegalArgumentException.class, () -> Draft.parse("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> Draft.parse("{not json"));
    }
}
