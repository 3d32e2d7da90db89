package io.ironcore.notifications;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.local.testing.TopicProbe;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The outcome events of one job on ironcore.notification-events, as Kafka has them, and the scraped totals. */
final class Outcomes {
    private Outcomes() {
    }

    static List<TopicProbe.Rec> records(TopicProbe kafka, String jobId) {
        return kafka.readAll(Topics.NOTIFICATION_EVENTS).stream().filter(r -> jobId.equals(r.key())).toList();
    }

    static List<NotificationSent> sent(TopicProbe kafka, String jobId) {
        return records(kafka, jobId).stream().filter(r -> EventTypes.NOTIFICATION_SENT.equals(r.ceType()))
                .map(r -> EventJson.readStrict(r.value(), NotificationSent.class)).toList();
    }

    static List<NotificationFailed> failed(TopicProbe kafka, String jobId) {
        return records(kafka, jobId).stream().filter(r -> EventTypes.NOTIFICATION_FAILED.equals(r.ceType()))
                .map(r -> EventJson.readStrict(r.value(), NotificationFailed.class)).toList();
    }

    /** The value of ironcore_notifications_total{target_type,outcome} in a /q/metrics text; -1 when absent. */
    static double total(String metrics, String targetType, String outcome) {
        Matcher m = Pattern.compile("(?m)^ironcore_notifications_total\\{(?=[^}]*target_type=\"" + targetType
                + "\")(?=[^}]*outcome=\"" + outcome + "\")[^}]*\\} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
