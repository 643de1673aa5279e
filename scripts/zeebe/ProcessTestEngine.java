// Runs Zeebe's own workflow engine (io.camunda:zeebe-workflow-engine, the module a broker runs) in memory
// behind zeebe-process-test's gRPC gateway, on the port given as the first argument. scripts/zeebe/start.sh
// launches this file with `java -cp <zeebe-process-test-engine and its dependencies> ProcessTestEngine.java`.
// It prints one READY line once the gateway accepts calls, and stops the engine on SIGTERM.
import io.camunda.zeebe.process.test.engine.EngineFactory;

public class ProcessTestEngine {
  public static void main(String[] args) throws Exception {
    var engine = EngineFactory.create(Integer.parseInt(args[0]));
    engine.start();
    Runtime.getRuntime().addShutdownHook(new Thread(engine::stop));
    // start.sh puts a thread-safe log storage ahead of the jar's; say which one this engine runs on
    var storage = Class.forName("io.camunda.zeebe.process.test.engine.InMemoryLogStorage");
    System.out.println("log storage: " + storage.getProtectionDomain().getCodeSource().getLocation());
    System.out.println("READY " + engine.getGatewayAddress());
    Thread.currentThread().join();
  }
}
