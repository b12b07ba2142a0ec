package dev.photoreel.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job item as read from the jobs table. Built from the item's attributes (plain Java values:
 * String, Number, Boolean) so every repository implementation shares one reading.
 */
public record Job(String jobId, String jobName, String bucket, String prefix, long generation,
                  JobStatus status, Map<String, Object> attributes) {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    public static Job fromAttributes(Map<String, Object> item) {
        return new Job(
                (String) item.get(JobAttributes.JOB_ID),
                (String) item.get(JobAttributes.JOB_NAME),
                (String) item.get(JobAttributes.BUCKET),
                (String) item.get(JobAttributes.PREFIX),
                number(item.get(JobAttributes.GENERATION), 0).longValue(),
                JobStatus.valueOf((String) item.get(JobAttributes.STATUS)),
                Map.copyOf(item));
    }

    public String text(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : value.toString();
    }

    public Long longValue(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : number(value, 0).longValue();
    }

    public Double doubleValue(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : number(value, 0).doubleValue();
    }

    public boolean flag(String attribute) {
        return Boolean.TRUE.equals(attributes.get(attribute));
    }

    public Instant instant(String attribute) {
        String value = text(attribute);
        return value == null ? null : Instant.parse(value);
    }

    /** The objects the job's upload set was closed with (empty while it is still collecting). */
    public UploadSet uploadSet() {
        return UploadSet.decode(text(JobAttributes.UPLOAD_SET));
    }

    /** The validated inputs, in upload order (empty before validation). */
    public List<InputFile> inputs() {
        String json = text(JobAttributes.INPUTS);
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<InputFile>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + jobId + " has an unreadable inputs attribute", e);
        }
    }

    public static String inputsJson(List<InputFile> inputs) {
        try {
            return MAPPER.writeValueAsString(inputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write inputs", e);
        }
    }

    private static Number number(Object value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n;
        }
        return new java.math.BigDecimal(value.toString());
    }
}
