package io.ingestops.api;

import io.ingestops.schedule.CronSchedule;
import io.ingestops.schedule.Schedule;
import io.ingestops.schedule.ScheduleService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recurring syncs (DESIGN §7 "Schedules"). */
@Path("/api/v1/schedules")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "schedules")
public class ScheduleResource {

    /** Body of {@code POST /api/v1/schedules}. */
    public record ScheduleRequest(
            @NotNull @Pattern(regexp = Names.COLLECTION, message = Names.COLLECTION_MESSAGE) String collection,
            @NotNull String source,
            @Schema(
                            description =
                                    "Unix cron, five fields: minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\"")
                    @NotNull
                    @Size(max = CronSchedule.MAX_EXPRESSION)
                    String cron,
            @Schema(description = "IANA time zone the cron is read in; UTC when absent") @Size(max = 64)
                    String timeZone,
            @Min(0) @Max(9) Integer priority) {}

    @Schema(name = "Schedule", description = "A recurring sync")
    public record ScheduleView(
            UUID id,
            String collection,
            String source,
            String cron,
            String timeZone,
            int priority,
            String createdBy,
            Instant createdAt,
            @Schema(description = "the next due time") Instant nextRunAt,
            @Schema(description = "the last due time acted on (run or skipped)") Instant lastDueAt,
            Instant lastRunAt,
            UUID lastOperationId,
            int runCount,
            @Schema(description = "when a due time last found the tenant lock held and was skipped")
                    Instant lastSkippedAt,
            int skippedCount,
            String lastSkipReason) {

        static ScheduleView of(Schedule s) {
            return new ScheduleView(
                    s.id(),
                    s.collection(),
                    s.source(),
                    s.cron(),
                    s.timeZone(),
                    s.priority(),
                    s.createdBy(),
                    s.createdAt(),
                    s.nextDueAt(),
                    s.lastDueAt(),
                    s.lastRunAt(),
                    s.lastOperationId(),
                    s.runCount(),
                    s.lastSkippedAt(),
                    s.skippedCount(),
                    s.lastSkipReason());
        }
    }

    public record Schedules(List<ScheduleView> schedules) {}

    private final ScheduleService schedules;
    private final CallerTenant tenant;

    public ScheduleResource(ScheduleService schedules, CallerTenant tenant) {
        this.schedules = schedules;
        this.tenant = tenant;
    }

    @POST
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "createSchedule",
            summary = "A recurring sync: each due time submits one sync, or is skipped while the tenant lock is held")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull ScheduleRequest body) {
        Schedule created = schedules.create(
                tenant.id(),
                body.collection(),
                body.source(),
                body.cron(),
                body.timeZone(),
                body.priority() == null ? OperationRequests.DEFAULT_PRIORITY : body.priority(),
                tenant.subject());
        return Response.created(URI.create("/api/v1/schedules/" + created.id()))
                .entity(ScheduleView.of(created))
                .build();
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "listSchedules",
            summary = "The tenant's schedules, oldest first")
    public Schedules list() {
        return new Schedules(
                schedules.list(tenant.id()).stream().map(ScheduleView::of).toList());
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(operationId = "getSchedule", summary = "One schedule")
    @Path("/{id}")
    public ScheduleView get(@PathParam("id") String id) {
        return schedules
                .find(tenant.id(), OperationResource.parseId(id))
                .map(ScheduleView::of)
                .orElseThrow(() -> ApiException.notFound("no schedule " + id));
    }

    @DELETE
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "deleteSchedule",
            summary = "Stops the schedule; syncs it already submitted are not touched")
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!schedules.delete(tenant.id(), OperationResource.parseId(id))) {
            throw ApiException.notFound("no schedule " + id);
        }
        return Response.noContent().build();
    }
}
