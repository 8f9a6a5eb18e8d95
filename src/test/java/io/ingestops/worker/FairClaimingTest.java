package io.ingestops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestops.operation.ClaimedOperation;
import io.ingestops.operation.DeadlinePolicy;
import io.ingestops.operation.OperationRepository;
import io.ingestops.testsupport.EngineTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Claims go round-robin across tenants within one priority (DESIGN §7 "Fair claiming"). */
@QuarkusTest
class FairClaimingTest extends EngineTest {

    private static final DeadlinePolicy DEADLINE = new DeadlinePolicy(
            Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(2));

    @Inject
    OperationRepository repository;

    private List<UUID> submit(String tenant, int count, int priority) {
        return IntStream.range(0, count)
                .mapToObj(i ->
                        fixtures.anOperation().tenant(tenant).priority(priority).insert())
                .toList();
    }

    private List<ClaimedOperation> claim(String worker, int limit) {
        return repository.claim(worker, limit, DEADLINE);
    }

    @Test
    void oneOperationOfAQuietTenantIsInTheNextClaimOfEitherReplica() throws Exception {
        submit("flood", 1000, 5);
        UUID single = submit("quiet", 1, 5).get(0);

        // two replicas claim at the same moment: the quiet tenant's operation is in one of their claims
        List<UUID> firstRound = new ArrayList<>();
        io.ingestops.testsupport.Together.run(2, replica -> claim("replica-" + replica, 4))
                .forEach(claim -> claim.forEach(op -> firstRound.add(op.id())));
        assertThat(firstRound).hasSize(8).doesNotHaveDuplicates().contains(single);
    }

    @Test
    void aTenantArrivingAfterPartOfAFloodRanJoinsTheCurrentRound() {
        submit("flood", 300, 5);
        assertThat(claim("replica-a", 50)).allMatch(op -> op.tenantId().equals("flood"));
        UUID late = submit("late", 1, 5).get(0);
        // one round is one operation of each tenant with work: the flood's next one, and the late one
        assertThat(claim("replica-b", 2)).extracting(ClaimedOperation::id).contains(late);
    }

    @Test
    void twoBackloggedTenantsAlternate() {
        submit("a", 100, 5);
        submit("b", 100, 5);
        submit("c", 10, 5);

        List<ClaimedOperation> claimed = claim("replica-a", 30);
        Map<String, Long> perTenant =
                claimed.stream().collect(Collectors.groupingBy(ClaimedOperation::tenantId, Collectors.counting()));
        assertThat(perTenant).containsEntry("a", 10L).containsEntry("b", 10L).containsEntry("c", 10L);
        // claimed ahead, they start in the queue's order: round-robin, so at every point of it no tenant
        // has had more than one turn over another
        Map<String, Integer> turns = new java.util.HashMap<>(Map.of("a", 0, "b", 0, "c", 0));
        for (ClaimedOperation op : claimed) {
            turns.merge(op.tenantId(), 1, Integer::sum);
            assertThat(java.util.Collections.max(turns.values()) - java.util.Collections.min(turns.values()))
                    .as("turns after %s", turns)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void oneTenantsOperationsStillRunInSubmissionOrder() {
        List<UUID> submitted = submit("solo", 40, 5);
        List<UUID> claimed = new ArrayList<>();
        while (claimed.size() < 40) {
            claim("replica-a", 7).forEach(op -> claimed.add(op.id()));
        }
        assertThat(claimed).containsExactlyElementsOf(submitted);
    }

    @Test
    void priorityComesBeforeFairness() {
        submit("flood", 200, 5);
        UUID urgentOfTheFlood = submit("flood", 1, 9).get(0);
        UUID quiet = submit("quiet", 1, 5).get(0);
        UUID low = submit("quiet", 1, 1).get(0);

        List<UUID> first =
                claim("replica-a", 3).stream().map(ClaimedOperation::id).toList();
        assertThat(first.get(0)).isEqualTo(urgentOfTheFlood);
        assertThat(first.subList(1, 3)).contains(quiet);
        assertThat(db.operation(low).status).isEqualTo(io.ingestops.operation.OperationStatus.PENDING);
    }

    @Test
    void aHandedBackOperationKeepsItsPlaceAtTheFront() {
        submit("a", 20, 5);
        ClaimedOperation first = claim("replica-a", 1).get(0);
        submit("b", 20, 5);
        assertThat(repository.handBack(first.id(), first.claimToken())).isTrue();
        assertThat(claim("replica-b", 1)).extracting(ClaimedOperation::id).containsExactly(first.id());
    }
}
