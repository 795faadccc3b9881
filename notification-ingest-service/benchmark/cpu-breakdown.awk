# Where a target's CPU goes, from async-profiler's collapsed stacks ("thread;frame;...;frame n", the thread's name
# first with the profiler's "threads" option). Each sample goes to the owner of its innermost frame that has one: the
# stack is read from the leaf towards the root, skipping frames that belong to nobody in particular (the JDK, the JVM,
# the kernel), and the first frame matching an owner below decides; a system call made by Netty is Netty's, an MD5
# computed for an event id is the record's. Threads that are owners themselves (GC, JIT, the Kafka producer's I/O
# thread, the log's asynchronous writer) go whole to their own line. Shares become microseconds per request with
# -v us=<CPU microseconds per request of the profiled step>. Run by run.sh for BENCH_PROFILE.
function owner(frame) {
    if (frame ~ /org\/jboss\/logmanager|org\/jboss\/logging|io\/quarkus\/logging|org\/eclipse\/parsson|ch\/qos\/logback|org\/slf4j|org\/apache\/logging/)
        return "log line: recording it with its MDC (request thread)"
    if (frame ~ /io\/micrometer|IngestMetrics/) return "metrics"
    if (frame ~ /SignatureReplay/) return "replay cache"
    if (frame ~ /WebhookSignatureVerifier|SignatureKey|springreceiver\/SignatureVerifier/) return "signature check (HMAC-SHA256)"
    if (frame ~ /NotificationBody|NotificationJson|com\/fasterxml\/jackson/) return "body: JSON parse and checks"
    if (frame ~ /events\/notification\/RawNotification|CloudEventAttributes|StableEventId|EventTypes|TopicRouting/)
        return "record: key, event id, CloudEvents headers"
    if (frame ~ /RawNotificationPublisher/) return "publisher: bounds, timeout timer, hand-off, completion"
    if (frame ~ /org\/apache\/kafka|org\/springframework\/kafka/) return "Kafka send(): serialize, batch, wake the I/O thread"
    if (frame ~ /dev\/mpmarketplace/) return "the service's request code (intake, checks, receipt)"
    if (frame ~ /org\/jboss\/resteasy|io\/quarkus\/resteasy|jakarta\/ws|io\/quarkus\/arc|io\/smallrye\/context/)
        return "quarkus-rest (JAX-RS), CDI, context propagation"
    if (frame ~ /org\/springframework/) return "Spring MVC"
    if (frame ~ /org\/apache\/(tomcat|coyote|catalina)/) return "Tomcat"
    if (frame ~ /io\/vertx\/ext\/web|io\/quarkus\/vertx/) return "Vert.x Web router (Quarkus HTTP)"
    if (frame ~ /io\/netty|io\/vertx\/core/) return "HTTP server (Vert.x core, Netty) and its system calls"
    return ""
}
function thread_owner(thread, stack) {
    if (thread ~ /^\[(GC Thread|G1 |VM Thread|GC )/) return "GC"
    if (thread ~ /^\[(C1 CompilerThre|C2 CompilerThre)/) return "JIT compiler"
    if (thread ~ /^\[kafka-producer-network-thread/) return "Kafka producer I/O thread (network, acks, callbacks)"
    if (stack ~ /AsyncHandler\$AsyncTask/) return "log line: formatting and writing it (async handler thread)"
    return ""
}
{
    count = $NF
    stack = substr($0, 1, length($0) - length($NF) - 1)
    frames = split(stack, frame, ";")
    total += count
    category = thread_owner(frame[1], stack)
    for (i = frames; category == "" && i > 1; i--) {
        category = owner(frame[i])
    }
    if (category == "") {
        thread = frame[1]
        sub(/ tid=.*/, "", thread)
        sub(/-[0-9]+$/, "-N", thread)
        gsub(/[0-9]+\]?$/, "N", thread)
        category = "other: " thread "]"
    }
    if (!(category in samples)) order[++categories] = category
    samples[category] += count
}
END {
    # largest first
    for (i = 1; i <= categories; i++) for (j = i + 1; j <= categories; j++)
        if (samples[order[j]] > samples[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
    printf "| where | share of samples | µs per request |\n|---|---|---|\n"
    for (i = 1; i <= categories; i++) {
        printf "| %s | %.1f %% | %.1f |\n", order[i], 100 * samples[order[i]] / total, us * samples[order[i]] / total
    }
    printf "| all (%d samples) | 100 %% | %s |\n", total, us
}
