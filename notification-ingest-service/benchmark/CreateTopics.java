import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.mpmarketplace.events.Topic;

/**
 * Creates every platform topic (libs/events {@code Topic}) with 3 partitions, as a deployment would, plus the topics
 * named on the command line. Usage: {@code java -cp <launcher jar> CreateTopics.java <bootstrap> [extra topic...]}.
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            List<NewTopic> topics = new java.util.ArrayList<>();
            Topic.allNames().forEach(name -> topics.add(new NewTopic(name, 3, (short) 1)));
            for (int i = 1; i < args.length; i++) {
                topics.add(new NewTopic(args[i], 3, (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }
}
