import com.sun.tools.attach.VirtualMachine;

/**
 * Starts or stops async-profiler in a running JVM (as its {@code asprof} launcher does, through the JDK's attach API):
 * {@code java Profiler.java <pid> <path of libasyncProfiler.so> <profiler command>}, for example
 * {@code start,event=cpu,interval=1ms,threads} and then {@code stop,file=profile.collapsed,collapsed}. The library comes
 * from the {@code tools.profiler:async-profiler} artifact (benchmark/pom.xml).
 */
public class Profiler {

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
