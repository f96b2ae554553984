package dev.vigil.hooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerting.AlertEvents;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.security.Sealer;
import dev.vigil.storage.DeliveryStore;
import dev.vigil.storage.HookStore;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.testing.Db;
import dev.vigil.testing.HookReceiver;
import dev.vigil.testing.HookReceiver.Received;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Rules;
import dev.vigil.testing.Series;
import dev.vigil.testing.SmtpResource;
import jakarta.mail.internet.MimeMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hooks on real PostgreSQL against a real HTTP endpoint: the pipeline's events reach it signed, once each, filtered
 * by type and rule; a failing endpoint is tried again later and given up only after its attempts; one endpoint's
 * failure holds no other back.
 */
@QuarkusTest
class HookTest {

    static final int END = 60;
    private static final String HOOKS = "/api/v1/admin/hooks";

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    HookDispatcher dispatcher;
    @Inject
    OutboxStore outbox;
    @Inject
    DeliveryStore deliveries;
    @Inject
    HookStore hooks;

    HookReceiver receiver;

    @BeforeEach
    void clean() {
        db.reset();
        receiver = new HookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private static JsonPath create(String body) {
        return given().contentType("application/json").body(body).post(HOOKS).then().statusCode(201).extract()
                .jsonPath();
    }

    private JsonPath hook(String name, String extra) {
        return create("{\"name\": \"" + name + "\", \"url\": \"" + receiver.url("/in/" + name + "?token=t1") + "\""
                + extra + "}");
    }

    private long deliveries(long hookId, String state) {
        return db.count("select count(*) from hook_delivery where hook_id = ? and state = ?", hookId, state);
    }

    /** Makes every pending delivery due now, as the passing of its back-off would. */
    private void timePasses() {
        db.exec("update hook_delivery set next_at = now() - interval '1 second' where state = 'pending'");
    }

    @Test
    void thePipelinesEventsReachTheHookSignedAndOnceEach() {
        Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        JsonPath created = hook("ops", "");
        long hookId = created.getLong("hook.id");
        String secret = created.getString("secret");
        assertTrue(secret.startsWith("whsec_"), secret);
        Readings.post("voltage", Map.of("meter", "m1"), 0, END, i -> i == 3 ? 260 : i == 40 ? 200 : 230 + (i % 3));
        run.run(Series.nowAfter(END));

        Set<String> events = new HashSet<>(db.strings("select id::text from alert_outbox"));
        assertTrue(db.count("select count(*) from alert_outbox where payload->>'type' = ?", AlertEvents.TYPE) >= 2,
                "both breaches alerted");
        assertEquals(events.size(), deliveries(hookId, "pending"), "every event of the topic is handed to the hook");
        assertEquals(events.size(), dispatcher.pass().await());

        List<Received> got = receiver.received();
        assertEquals(events.size(), got.size());
        Set<String> ids = new HashSet<>();
        for (Received r : got) {
            assertEquals("POST", r.method());
            assertEquals("/in/ops?token=t1", r.path());
            assertEquals("application/cloudevents+json; charset=UTF-8", r.header("content-type"));
            JsonPath event = JsonPath.from(r.body());
            assertEquals(event.getString("id"), r.header("webhook-id"), "webhook-id is the CloudEvent id");
            // the CloudEvents SDK reads the request as the HTTP binding's structured mode
            CloudEvent read = HttpMessageFactory.createReader(r.headers(), r.body().getBytes(StandardCharsets.UTF_8))
                    .toEvent();
            assertEquals(event.getString("id"), read.getId());
            assertEquals(event.getString("type"), read.getType());
            assertEquals("1.0", event.getString("specversion"));
            long timestamp = Long.parseLong(r.header("webhook-timestamp"));
            assertTrue(Math.abs(timestamp - Instant.now().getEpochSecond()) < 60, "a timestamp of now: " + timestamp);
            assertEquals(signature(secret, r.header("webhook-id"), timestamp, r.body()), r.header("webhook-signature"));
            ids.add(r.header("webhook-id"));
        }
        assertEquals(events, ids, "each event once");

        given().get(HOOKS + "/" + hookId + "/deliveries").then().statusCode(200)
                .body("size()", equalTo(events.size())).body("state.unique()", equalTo(List.of("delivered")))
                .body("attempts.unique()", equalTo(List.of(1))).body("lastStatus.unique()", equalTo(List.of(200)));
        given().get(HOOKS + "/" + hookId).then().statusCode(200).body("pending", equalTo(0))
                .body("failed", equalTo(0)).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("secret")));
        assertEquals(0, dispatcher.pass().await(), "nothing is sent twice");

        // the same windows scored again (a re-run) alert with the same ids: nothing new to deliver
        run.run(Series.nowAfter(END));
        assertEquals(events.size(), db.count("select count(*) from hook_delivery"));
    }

    @Test
    void hooksReceiveOnlyTheTypesAndRulesTheyAskForAndADisabledHookNothing() {
        Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        Rules.create("""
                {"name": "overcurrent", "metric": "current", "limits": {"upper": 60}, "snooze": "PT0S"}""");
        long current = hook("current", ", \"types\": [\"" + AlertEvents.TYPE + "\"], \"rules\": [\"overcurrent\"]")
                .getLong("hook.id");
        long incidents = hook("incidents", ", \"types\": [\"dev.vigil.incident.opened.v1\"]").getLong("hook.id");
        long off = hook("off", ", \"enabled\": false").getLong("hook.id");
        Readings.post("voltage", Map.of("meter", "m1"), 0, END, i -> i == 3 ? 260 : 230 + (i % 3));
        Readings.post("current", Map.of("meter", "m1"), 0, END, i -> i == 7 || i == 30 ? 61 : 13 + (i % 2));
        run.run(Series.nowAfter(END));

        assertEquals(2, db.count("select count(*) from hook_delivery where hook_id = ?", current));
        assertEquals(2, db.count("select count(*) from hook_delivery where hook_id = ? and payload->'data'->>'metric' "
                + "= 'current' and event_type = ?", current, AlertEvents.TYPE));
        long opened = db.count("select count(*) from alert_outbox where payload->>'type' = 'dev.vigil.incident.opened.v1'");
        assertTrue(opened > 0, "the breaches opened an incident");
        assertEquals(opened, db.count("select count(*) from hook_delivery where hook_id = ?", incidents));
        assertEquals(opened, db.count("select count(*) from hook_delivery where hook_id = ? and event_type = "
                + "'dev.vigil.incident.opened.v1'", incidents));
        assertEquals(0, db.count("select count(*) from hook_delivery where hook_id = ?", off));
        dispatcher.pass().await();
        assertEquals(2 + opened, receiver.received().size());
    }

    @Test
    void aChatHookGetsOneSignedLinePeopleReadPerEvent() {
        Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        String secret = hook("chat", ", \"format\": \"chat\", \"types\": [\"" + AlertEvents.TYPE
                + "\", \"dev.vigil.incident.opened.v1\"]").getString("secret");
        Readings.post("voltage", Map.of("meter", "m1"), 0, END, i -> i == 3 ? 260 : 230 + (i % 3));
        run.run(Series.nowAfter(END));
        dispatcher.pass().await();

        List<String> lines = new java.util.ArrayList<>();
        for (Received r : receiver.received()) {
            assertEquals("application/json; charset=UTF-8", r.header("content-type"));
            assertEquals(signature(secret, r.header("webhook-id"), Long.parseLong(r.header("webhook-timestamp")),
                    r.body()), r.header("webhook-signature"), "the line is signed as sent");
            lines.add(JsonPath.from(r.body()).getString("text"));
        }
        String window = Series.windowStart(3).toString().replace("T", " ").substring(0, 16) + " UTC";
        assertTrue(lines.contains("[Vigil] Anomaly on voltage{meter=m1}: 260, severity 1, reason limit, window "
                + window + " (rules: statutory)."), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[Vigil] Incident opened: meter=m1, 1 series, 1 anomaly,")),
                lines.toString());
        assertEquals(2, lines.size(), lines.toString());
    }

    @Test
    void extraHeadersAreSentShownByNameOnlyKeptOnAPutWithoutThemAndReplacedWithThem() {
        long hookId = hook("gateway", ", \"headers\": {\"Authorization\": \"Bearer g-123\", \"x-tenant\": \"north\"}")
                .getLong("hook.id");
        event();
        dispatcher.pass().await();
        Received r = receiver.received().get(0);
        assertEquals("Bearer g-123", r.header("authorization"));
        assertEquals("north", r.header("x-tenant"));
        assertEquals(HookBody.CLOUDEVENTS_TYPE, r.header("content-type"), "Vigil's own headers stay");

        String view = given().get(HOOKS + "/" + hookId).then().statusCode(200)
                .body("headerNames", equalTo(List.of("Authorization", "x-tenant"))).extract().asString();
        assertTrue(!view.contains("g-123"), "a header's value is a credential: " + view);
        given().contentType("application/json").body(view).put(HOOKS + "/" + hookId).then().statusCode(200);
        event();
        dispatcher.pass().await();
        assertEquals("Bearer g-123", receiver.received().get(1).header("authorization"), "kept on a put without them");

        given().contentType("application/json").body(view.replace("\"pending\"", "\"headers\": {\"x-tenant\": "
                + "\"south\"}, \"pending\"")).put(HOOKS + "/" + hookId).then().statusCode(200)
                .body("headerNames", equalTo(List.of("x-tenant")));
        event();
        dispatcher.pass().await();
        assertNull(receiver.received().get(2).header("authorization"));
        assertEquals("south", receiver.received().get(2).header("x-tenant"));
        given().post(HOOKS + "/" + hookId + "/test").then().body("delivered", equalTo(true));
        assertEquals("south", receiver.received().get(3).header("x-tenant"), "the test event carries them too");
    }

    @Test
    void aMailtoHookMailsOneReadableMessagePerEventAndWaitsOutAnSmtpOutage() throws Exception {
        SmtpResource.clear();
        Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        long hookId = create("{\"name\": \"desk\", \"url\": \"mailto:ops@test.example,desk@test.example\", "
                + "\"types\": [\"" + AlertEvents.TYPE + "\"]}").getLong("hook.id");
        given().get(HOOKS + "/" + hookId).then().body("format", equalTo("email"));
        Readings.post("voltage", Map.of("meter", "m1"), 0, END, i -> i == 3 ? 260 : 230 + (i % 3));
        run.run(Series.nowAfter(END));
        assertEquals(1, dispatcher.pass().await());

        List<MimeMessage> mails = SmtpResource.received();
        assertEquals(2, mails.size(), "one copy per address");
        MimeMessage mail = mails.get(0);
        String window = Series.windowStart(3).toString().replace("T", " ").substring(0, 16) + " UTC";
        assertEquals("[Vigil] Anomaly on voltage{meter=m1}: 260, severity 1, reason limit, window " + window
                + " (rules: statutory).", mail.getSubject());
        assertEquals("vigil@test.example", mail.getFrom()[0].toString());
        assertEquals(List.of("ops@test.example", "desk@test.example"),
                java.util.Arrays.stream(mail.getAllRecipients()).map(Object::toString).toList());
        String eventId = db.strings("select event_id::text from hook_delivery").get(0);
        assertEquals(eventId, mail.getHeader(MailSender.EVENT_ID_HEADER)[0]);
        String body = mail.getContent().toString().replace("\r\n", "\n"); // SMTP's line ends
        assertTrue(body.startsWith(mail.getSubject()), body);
        assertEquals(eventId, JsonPath.from(body.substring(body.indexOf("\n\n{") + 2)).getString("id"),
                "the event follows");
        given().get(HOOKS + "/" + hookId + "/deliveries").then().body("[0].state", equalTo("delivered"))
                .body("[0].lastStatus", equalTo(null));

        SmtpResource.stopServer();
        try {
            event();
            assertEquals(1, dispatcher.pass().await());
            assertEquals(1, deliveries(hookId, "pending"), "an SMTP outage is a failed attempt, tried again");
        } finally {
            SmtpResource.startServer();
        }
        timePasses();
        assertEquals(1, dispatcher.pass().await());
        assertEquals(2, deliveries(hookId, "delivered"));
        JsonPath tested = given().post(HOOKS + "/" + hookId + "/test").then().statusCode(200).extract().jsonPath();
        assertTrue(tested.getBoolean("delivered"), tested.prettify());
        assertTrue(SmtpResource.received().stream().anyMatch(m -> {
            try {
                return m.getSubject().startsWith("[Vigil] Test event for the hook 'desk'");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Test
    void aTemplateHookSendsItsOwnBodyAndATemplateThatFailsOnAnEventGivesItUpAtOnce() throws Exception {
        Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        String template = "{\"summary\": {line.json}, \"key\": {event.data.seriesKey.json}, "
                + "\"value\": {event.data.value}}";
        JsonPath created = create("{\"name\": \"tool\", \"url\": \"" + receiver.url("/tool") + "\", \"format\": "
                + "\"template\", \"types\": [\"" + AlertEvents.TYPE + "\"], \"template\": "
                + Json.mapper().writeValueAsString(template) + "}");
        long hookId = created.getLong("hook.id");
        assertEquals(template, created.getString("hook.template"));
        // a template may carry a credential (an incident tool's routing key): sealed like the URL, read as given;
        // one stored in clear (before keys were set, or by a version that did not seal templates) is sealed at start
        String stored = db.strings("select template from alert_hook where id = ?", hookId).get(0);
        assertTrue(stored.startsWith("sealed:v1:") && !stored.contains("seriesKey"), stored);
        db.rows("update alert_hook set template = ? where id = ? returning id", template, hookId);
        assertEquals(1, hooks.reseal());
        assertTrue(db.strings("select template from alert_hook where id = ?", hookId).get(0).startsWith("sealed:v1:"));
        given().get(HOOKS + "/" + hookId).then().statusCode(200).body("template", equalTo(template));
        Readings.post("voltage", Map.of("meter", "m1"), 0, END, i -> i == 3 ? 260 : 230 + (i % 3));
        run.run(Series.nowAfter(END));
        assertEquals(1, dispatcher.pass().await());
        Received r = receiver.received().get(0);
        assertEquals(HookBody.JSON_TYPE, r.header("content-type"));
        JsonPath body = JsonPath.from(r.body());
        assertEquals("voltage{meter=m1}", body.getString("key"));
        assertEquals(260.0f, body.getFloat("value"));
        assertTrue(body.getString("summary").startsWith("[Vigil] Anomaly on voltage{meter=m1}: 260"), r.body());
        assertEquals(signature(created.getString("secret"), r.header("webhook-id"),
                Long.parseLong(r.header("webhook-timestamp")), r.body()), r.header("webhook-signature"));

        // the test event has neither seriesKey nor value: the test says so, and a delivery of such an event is given
        // up at once
        given().post(HOOKS + "/" + hookId + "/test").then().statusCode(200).body("delivered", equalTo(false))
                .body("error", org.hamcrest.Matchers.matchesPattern(".*Property .*(value|seriesKey).* not found.*"));
        db.exec("update alert_hook set types = '{}'");
        UUID odd = UUID.randomUUID();
        outbox.add(List.of(new OutboxRow(odd, null, "s", AlertEvents.envelope(odd, "/test",
                "dev.vigil.incident.opened.v1", "s", Instant.now(), Json.mapper().createObjectNode()))));
        assertEquals(1, dispatcher.pass().await());
        given().get(HOOKS + "/" + hookId + "/deliveries?state=failed").then().body("size()", equalTo(1))
                .body("[0].attempts", equalTo(1))
                .body("[0].lastError", org.hamcrest.Matchers.startsWith("the template failed on this event"));
        assertEquals(1, receiver.received().size(), "nothing was sent for it");

        // a sample of a type the hook receives shows what the template makes of it; an unknown type is refused
        given().post(HOOKS + "/" + hookId + "/test?type=" + AlertEvents.TYPE).then().statusCode(200)
                .body("delivered", equalTo(true));
        assertEquals("power{meter=sample}", JsonPath.from(receiver.received().get(1).body()).getString("key"));
        given().post(HOOKS + "/" + hookId + "/test?type=dev.vigil.nothing.v1").then().statusCode(400)
                .body("code", equalTo("InvalidParameter")).body("field", equalTo("type"));
    }

    @Test
    void aFailingEndpointIsTriedAgainLaterAndAGivenUpDeliveryCanBeRetried() {
        long hookId = hook("flaky", "").getLong("hook.id");
        receiver.answer(500, 503);
        UUID id = event();

        Instant before = Instant.now();
        assertEquals(1, dispatcher.pass().await());
        JsonPath d = given().get(HOOKS + "/" + hookId + "/deliveries").then().statusCode(200).extract().jsonPath();
        assertEquals("pending", d.getString("[0].state"));
        assertEquals(1, d.getInt("[0].attempts"));
        assertEquals(500, d.getInt("[0].lastStatus"));
        assertEquals("the endpoint answered 500", d.getString("[0].lastError"));
        Duration wait = Duration.between(before, Instant.parse(d.getString("[0].nextAttemptAt")));
        assertTrue(wait.toSeconds() >= 29 && wait.toSeconds() <= 31, "the first wait is 30 s: " + wait);
        assertEquals(0, dispatcher.pass().await(), "not due yet");

        timePasses();
        assertEquals(1, dispatcher.pass().await());
        timePasses();
        assertEquals(1, dispatcher.pass().await());
        d = given().get(HOOKS + "/" + hookId + "/deliveries").then().statusCode(200).extract().jsonPath();
        assertEquals("delivered", d.getString("[0].state"));
        assertEquals(3, d.getInt("[0].attempts"));
        assertNull(d.get("[0].lastError"));
        assertEquals(List.of(id.toString(), id.toString(), id.toString()),
                receiver.received().stream().map(r -> r.header("webhook-id")).toList(), "one id on every attempt");

        // the last attempt fails: given up, counted, and sent again by hand
        UUID second = event();
        db.exec("update hook_delivery set attempts = 17 where event_id = '" + second + "'");
        receiver.answer(502);
        assertEquals(1, dispatcher.pass().await());
        assertEquals(1, deliveries(hookId, "failed"));
        given().get(HOOKS + "/" + hookId).then().body("failed", equalTo(1)).body("pending", equalTo(0));
        given().get(HOOKS + "/" + hookId + "/deliveries?state=failed").then().body("size()", equalTo(1))
                .body("[0].eventId", equalTo(second.toString())).body("[0].nextAttemptAt", equalTo(null));
        timePasses();
        assertEquals(0, dispatcher.pass().await(), "a given-up delivery is not tried again by itself");
        given().post(HOOKS + "/" + hookId + "/deliveries/" + second + "/retry").then().statusCode(200)
                .body("state", equalTo("pending")).body("attempts", equalTo(0));
        assertEquals(1, dispatcher.pass().await());
        assertEquals(2, deliveries(hookId, "delivered"));
        given().post(HOOKS + "/" + hookId + "/deliveries/" + UUID.randomUUID() + "/retry").then().statusCode(404);
        given().post(HOOKS + "/" + hookId + "/deliveries/nope/retry").then().statusCode(400)
                .body("field", equalTo("eventId"));
    }

    @Test
    void aDeadEndpointHoldsNoOtherHookBackAndGoneStopsAtOnce() {
        HookReceiver dead = new HookReceiver();
        String deadUrl = dead.url("/gone");
        dead.close();
        long down = create("{\"name\": \"down\", \"url\": \"" + deadUrl + "\"}").getLong("hook.id");
        long gone = hook("gone", "").getLong("hook.id");
        long up = create("{\"name\": \"up\", \"url\": \"" + receiver.url("/up") + "\"}").getLong("hook.id");
        receiver.answer(410);
        event();

        assertEquals(3, dispatcher.pass().await());
        assertEquals(1, deliveries(up, "delivered") + deliveries(gone, "delivered"));
        assertEquals(1, deliveries(gone, "failed") + deliveries(up, "failed"), "410 gives up at once");
        assertEquals(1, deliveries(down, "pending"));
        String error = db.strings("select last_error from hook_delivery where hook_id = " + down).get(0);
        assertTrue(error.startsWith("could not connect to the url's host and port"), error);
    }

    @Test
    void testEventsSecretsAndDeletion() {
        JsonPath created = hook("ops", "");
        long hookId = created.getLong("hook.id");
        String first = created.getString("secret");

        given().post(HOOKS + "/" + hookId + "/test").then().statusCode(200).body("delivered", equalTo(true))
                .body("status", equalTo(200));
        Received test = receiver.received().get(0);
        assertEquals(HookTrial.TEST_TYPE, JsonPath.from(test.body()).getString("type"));
        assertEquals(signature(first, test.header("webhook-id"), Long.parseLong(test.header("webhook-timestamp")),
                test.body()), test.header("webhook-signature"));
        receiver.answer(500);
        given().post(HOOKS + "/" + hookId + "/test").then().statusCode(200).body("delivered", equalTo(false))
                .body("status", equalTo(500));
        assertEquals(0, db.count("select count(*) from hook_delivery"), "a test stores nothing");

        String second = given().post(HOOKS + "/" + hookId + "/secret").then().statusCode(200).extract().jsonPath()
                .getString("secret");
        assertNotEquals(first, second);
        event();
        dispatcher.pass().await();
        Received signed = receiver.received().get(2);
        assertEquals(signature(second, signed.header("webhook-id"),
                Long.parseLong(signed.header("webhook-timestamp")), signed.body()), signed.header("webhook-signature"));

        // a hook read can be changed and put back; the secret stays
        String view = given().get(HOOKS + "/" + hookId).then().statusCode(200).extract().asString();
        given().contentType("application/json").body(view.replace("\"enabled\":true", "\"enabled\":false"))
                .put(HOOKS + "/" + hookId).then().statusCode(200).body("enabled", equalTo(false));
        assertEquals(second, hooks.find(hookId).orElseThrow().secret());

        event();
        given().delete(HOOKS + "/" + hookId).then().statusCode(204);
        assertEquals(0, db.count("select count(*) from hook_delivery"), "its deliveries went with it");
        given().get(HOOKS + "/" + hookId).then().statusCode(404);
        given().delete(HOOKS + "/" + hookId).then().statusCode(404);
        given().post(HOOKS + "/" + hookId + "/test").then().statusCode(404);
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndNothingIsStored() {
        hook("ops", "");
        given().contentType("application/json").body("{\"name\": \"ops\", \"url\": \"https://h.example\"}")
                .post(HOOKS).then().statusCode(409).body("code", equalTo("NameTaken")).body("field", equalTo("name"));
        given().contentType("application/json")
                .body("{\"name\": \"b\", \"url\": \"https://h.example\", \"rules\": [\"nosuchrule\"]}")
                .post(HOOKS).then().statusCode(400).body("code", equalTo("InvalidHook"))
                .body("field", equalTo("rules[0]"));
        given().contentType("application/json").body("{\"name\": \"b\", \"url\": \"gopher://h.example\"}")
                .post(HOOKS).then().statusCode(400).body("field", equalTo("url"));
        given().contentType("application/json").body("{\"name\": ").post(HOOKS).then().statusCode(400)
                .body("code", equalTo("MalformedJson"));
        given().contentType("application/json").body("{\"name\": \"b\", \"url\": \"https://h.example\", "
                + "\"rules\": [\"default\"]}").post(HOOKS).then().statusCode(201);
        assertEquals(2, db.count("select count(*) from alert_hook"));
        given().get(HOOKS + "/x").then().statusCode(400).body("field", equalTo("id"));
        given().get(HOOKS + "/1/deliveries?state=lost").then().statusCode(400).body("field", equalTo("state"));
    }

    @Test
    void sendersRunningAtOnceSendEachDeliveryOnce() throws Exception {
        try (HookReceiver many = new HookReceiver(Duration.ZERO, 50)) {
            create("{\"name\": \"many\", \"url\": \"" + many.url("/many") + "\"}");
            for (int i = 0; i < 300; i++) {
                event();
            }
            // two replicas' senders, each taking batches of 100 until nothing is due
            java.util.concurrent.ExecutorService replicas = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
            for (int r = 0; r < 2; r++) {
                sent.add(replicas.submit(() -> {
                    int total = 0;
                    for (int n = dispatcher.pass().await(); n > 0; n = dispatcher.pass().await()) {
                        total += n;
                    }
                    return total;
                }));
            }
            int total = sent.get(0).get() + sent.get(1).get();
            replicas.shutdown();
            assertEquals(300, total, "each delivery taken once");
            assertEquals(300, many.received().size());
            assertEquals(300, many.received().stream().map(r -> r.header("webhook-id")).distinct().count());
            assertEquals(300, db.count("select count(*) from hook_delivery where state = 'delivered' and attempts = 1"));
        }
    }

    @Test
    void anEndpointThatNeverAnswersHoldsOnlyItsOwnDeliveries() throws Exception {
        try (java.net.ServerSocket hole = new java.net.ServerSocket(0, 100, java.net.InetAddress.getLoopbackAddress())) {
            long holeId = create("{\"name\": \"hole\", \"url\": \"http://127.0.0.1:" + hole.getLocalPort() + "/\"}")
                    .getLong("hook.id");
            long live = hook("live", "").getLong("hook.id");
            event();
            DispatchPass first = dispatcher.pass();
            assertEquals(2, first.count());
            // the live endpoint's answer is recorded while the hole's request still waits for its timeout
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
                    .until(() -> deliveries(live, "delivered") == 1);
            assertTrue(!first.recorded().isDone(), "the hole's request is still out");
            assertEquals(1, dispatcher.drain(Duration.ofMillis(100)), "a shutdown now would leave it to its lease");
            event();
            assertEquals(1, dispatcher.pass().await(), "a hook still being sent to gets no more; the others do");
            assertEquals(2, deliveries(live, "delivered"));
            assertEquals(2, first.await());
            assertEquals(2, deliveries(holeId, "pending"), "the first to be tried again, the second not yet taken");
            assertEquals(1, db.count("select count(*) from hook_delivery where hook_id = ? and attempts = 0", holeId));
            assertEquals("no answer within the timeout",
                    db.strings("select last_error from hook_delivery where hook_id = " + holeId + " and attempts = 1")
                            .get(0));
        }
    }

    @Test
    void oneTickSendsAHooksWholeBacklogNotOnlyItsPerHookShare() {
        long hookId = hook("busy", "").getLong("hook.id");
        for (int i = 0; i < 120; i++) {
            event();
        }
        // per-hook (50) of one hook is less than a full batch (100): the old tick stopped there and left the other
        // 70 to the ticks 5 and 10 seconds later
        dispatcher.tick();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries(hookId, "delivered") == 120);
        assertEquals(120, receiver.received().size());
        assertEquals(0, dispatcher.pass().count(), "nothing was left for the next tick");
    }

    @Test
    void aShutdownWaitsForTheDeliveriesStillOutToBeAnsweredAndRecorded() {
        try (HookReceiver slow = new HookReceiver(Duration.ofSeconds(1), 2)) {
            long hookId = create("{\"name\": \"slow\", \"url\": \"" + slow.url("/slow") + "\"}").getLong("hook.id");
            event();
            event();
            DispatchPass pass = dispatcher.pass();
            assertEquals(2, pass.count());
            assertEquals(0, deliveries(hookId, "delivered"), "still out");
            assertEquals(0, dispatcher.drain(Duration.ofSeconds(5)));
            assertEquals(2, deliveries(hookId, "delivered"), "recorded before the drain returned, not left to a lease");
            assertEquals(0, dispatcher.drain(Duration.ofSeconds(3)), "nothing out: returns at once");
        }
    }

    @Test
    void credentialsAreStoredSealedAndTheStartSealsThoseStoredClearOrUnderAnOlderKey() {
        JsonPath created = hook("ops", ", \"headers\": {\"Authorization\": \"Bearer g-123\"}");
        long hookId = created.getLong("hook.id");
        String secret = created.getString("secret");
        Map<String, Object> row = db.rows("select url, secret, headers from alert_hook where id = ?", hookId).get(0);
        for (Object stored : row.values()) {
            String text = String.valueOf(stored);
            assertTrue(text.startsWith("sealed:v1:"), text);
            assertTrue(!text.contains("token=t1") && !text.contains(secret.substring(6)) && !text.contains("g-123"),
                    text);
        }
        assertNextDelivery("/in/ops?token=t1", "Bearer g-123", secret);

        // as stored before keys were set, and a secret sealed under the second (rotated-out) key: both are stored
        // again under the first key at the next start; the API and the deliveries read them as before
        Sealer old = new Sealer(() -> Optional.of(List.of(
                "yX8bq0eR1Vv8Wm5X3pdx0lD9nT7QzS8cH3L0fQW1T4M=")));
        db.rows("update alert_hook set url = ?, secret = ?, headers = ? where id = ? returning id",
                receiver.url("/in/ops?token=t2"), old.seal("alert_hook.secret", secret),
                "{\"Authorization\": \"Bearer g-456\"}", hookId);
        assertEquals(1, hooks.reseal());
        assertEquals(0, hooks.reseal(), "nothing left to seal");
        String current = String.valueOf(db.rows("select secret from alert_hook where id = ?", hookId).get(0)
                .get("secret"));
        String kid = current.split(":")[2];
        for (Object stored : db.rows("select url, secret, headers from alert_hook where id = ?", hookId).get(0)
                .values()) {
            assertTrue(String.valueOf(stored).startsWith("sealed:v1:" + kid + ":"), String.valueOf(stored));
        }
        assertNotEquals(old.seal("alert_hook.secret", secret).split(":")[2], kid);
        given().get(HOOKS + "/" + hookId).then().statusCode(200).body("url", equalTo(receiver.url("/in/ops?token=t2")))
                .body("headerNames", equalTo(List.of("Authorization")));
        assertNextDelivery("/in/ops?token=t2", "Bearer g-456", secret);

        // sealed under a key no longer configured: the start stops, naming the key, not the value
        Sealer gone = new Sealer(() -> Optional.of(List.of(
                Base64.getEncoder().encodeToString(new byte[32]))));
        db.rows("update alert_hook set secret = ? where id = ? returning id", gone.seal("alert_hook.secret", secret),
                hookId);
        // a replica without that key fails the hook's deliveries, saying why, and sends every other hook's
        long other = hook("desk", "").getLong("hook.id");
        event();
        dispatcher.pass().await();
        assertEquals(1, deliveries(other, "delivered"));
        given().get(HOOKS + "/" + hookId + "/deliveries?state=pending").then().statusCode(200)
                .body("[0].lastError", org.hamcrest.Matchers.containsString("which vigil.secrets.keys does not hold"))
                .body("[0].attempts", equalTo(1));
        given().get(HOOKS + "/" + hookId).then().statusCode(200).body("url", equalTo(null))
                .body("unreadable", org.hamcrest.Matchers.containsString("which vigil.secrets.keys does not hold"));
        given().get(HOOKS + "/" + other).then().statusCode(200).body("unreadable", equalTo(null));
        given().post(HOOKS + "/" + hookId + "/test").then().statusCode(200).body("delivered", equalTo(false))
                .body("error", org.hamcrest.Matchers.containsString("does not hold"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                hooks::reseal);
        assertTrue(e.getMessage().contains("which vigil.secrets.keys does not hold"), e.getMessage());
        assertTrue(!e.getMessage().contains(secret), e.getMessage());
    }

    @Test
    void sentAndGivenUpDeliveriesArePrunedPendingOnesStay() {
        long hookId = hook("ops", "").getLong("hook.id");
        event();
        event();
        event();
        dispatcher.pass().await();
        event();
        db.exec("update hook_delivery set created_at = now() - interval '8 days'");
        assertEquals(2, deliveries.prune(Instant.now().minus(Duration.ofDays(7)), 2));
        assertEquals(1, deliveries.prune(Instant.now().minus(Duration.ofDays(7)), 2));
        assertEquals(1, deliveries(hookId, "pending"));
        assertEquals(1, db.count("select count(*) from hook_delivery"));
    }

    /** Passes one event to the hooks and checks the request it made: path, Authorization and signature. */
    private void assertNextDelivery(String path, String authorization, String secret) {
        event();
        dispatcher.pass().await();
        List<Received> got = receiver.received();
        Received last = got.get(got.size() - 1);
        assertEquals(path, last.path());
        assertEquals(authorization, last.header("authorization"));
        assertEquals(signature(secret, last.header("webhook-id"), Long.parseLong(last.header("webhook-timestamp")),
                last.body()), last.header("webhook-signature"));
    }

    /** Adds one event to the outbox as the pipeline does, and returns its id. */
    private UUID event() {
        UUID id = UUID.randomUUID();
        String payload = AlertEvents.envelope(id, "/test", AlertEvents.TYPE, "s", Instant.now(),
                Json.mapper().createObjectNode().put("n", 1));
        outbox.add(List.of(new OutboxRow(id, null, "s", payload)));
        return id;
    }

    /** The Standard Webhooks signature, computed here independently of {@link Signature}. */
    private static String signature(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
