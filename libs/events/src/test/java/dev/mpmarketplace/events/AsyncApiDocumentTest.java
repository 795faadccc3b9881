package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class AsyncApiDocumentTest {

    @Test
    void asyncApiDocumentListsEveryTopicAsAChannelAddress() throws Exception {
        String document = Files.readString(Path.of("../../docs/asyncapi.yaml"));

        for (Topic topic : Topic.values()) {
            assertThat(document).as(topic.name()).contains("    address: " + topic.topicName() + "\n");
        }
        assertThat(document.split("    address: ", -1)).hasSize(Topic.values().length + 1);
    }
}
