package trivial;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Path("/hello")
public class Hello {

    @GET
    public long hello() {
        return Greeting.count();
    }
}
