package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.Notifier;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** {@link Notifier} on an SNS topic; attributes become String message attributes (for filter policies). */
public final class SnsNotifier implements Notifier {

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public String publish(String subject, String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> messageAttributes = new HashMap<>();
        attributes.forEach((k, v) -> messageAttributes.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        return sns.publish(b -> b.topicArn(topicArn).subject(subject).message(body).messageAttributes(messageAttributes)).messageId();
    }
}
