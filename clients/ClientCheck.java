import io.ingestops.client.ApiClient;
import io.ingestops.client.api.IngestApi;
import io.ingestops.client.api.OperationsApi;
import io.ingestops.client.model.IngestTextRequest;
import io.ingestops.client.model.Operation;
import io.ingestops.client.model.OperationPage;

/**
 * Uses the Java client that openapi-generator made from the service's live OpenAPI document, as an
 * integrating team would: submit an operation, follow it to its end, cancel another one, list them,
 * retry the cancelled one. Every answer is read into the generated (null-annotated) models; a
 * document that typed a null field as non-null, or a response without its schema, shows up here.
 * Run by clients/run.sh: java -cp <client and its dependencies> clients/ClientCheck.java <base url> <token>
 */
public class ClientCheck {

    public static void main(String[] args) throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(args[0]);
        String token = args[1];
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        IngestApi ingest = new IngestApi(client);
        OperationsApi operations = new OperationsApi(client);

        Operation submitted = ingest.ingestText(
                new IngestTextRequest().collection("client-check").text("A text submitted by a generated client."),
                null,
                null);
        check(submitted.getCompletedAt() == null && submitted.getResult() == null, "a new operation has no end yet");
        Operation done = operations.waitForOperation(submitted.getId().toString(), 30);
        check("completed".equals(done.getStatus()), "finished as " + done.getStatus());
        check(done.getResult().getDocumentsAdded() == 1, "result " + done.getResult());

        StringBuilder slow = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            slow.append("Paragraph ").append(i).append(" of a long text a client will cancel. ".repeat(8)).append("\n\n");
        }
        Operation longOne = ingest.ingestText(
                new IngestTextRequest().collection("client-check").text(slow.toString()), null, null);
        String id = longOne.getId().toString();
        for (int i = 0; i < 200 && !"running".equals(operations.getOperation(id).getStatus()); i++) {
            Thread.sleep(50); // a client polling for the start, as a client does
        }
        Operation cancelling = operations.cancelOperation(id);
        check(Boolean.TRUE.equals(cancelling.getCancelRequested()) || "cancelled".equals(cancelling.getStatus()),
                "cancel answered " + cancelling.getStatus());
        Operation cancelled = operations.waitForOperation(id, 30);
        check("cancelled".equals(cancelled.getStatus()), "ended as " + cancelled.getStatus());

        OperationPage page = operations.listOperations("client-check", 10, null, null, null);
        check(page.getOperations().size() == 2, "listed " + page.getOperations().size());
        Operation retried = operations.retryOperation(id);
        check(id.equals(String.valueOf(retried.getRetryOf())), "retry of " + retried.getRetryOf());
        operations.cancelOperation(retried.getId().toString());

        System.out.println("generated client: submitted and followed " + done.getId() + " to completed, cancelled "
                + id + ", listed 2, retried it as " + retried.getId());
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
