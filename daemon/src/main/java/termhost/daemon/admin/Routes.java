package termhost.daemon.admin;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import termhost.api.op.Operation;
import termhost.api.op.Reply;
import termhost.api.op.Request;
import termhost.api.wire.Progress;
import termhost.daemon.authz.AccessGate;
import termhost.daemon.authz.AccessRule;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.Permit;

/**
 * The dispatch table: per operation, the access rule its callers pass and the handler that runs
 * with the permit. A route cannot be added without its rule, a handler sees its caller only
 * through the permit, and {@link #complete} refuses a table that misses an {@link Operation}, so
 * no operation reaches the daemon ungated.
 */
final class Routes {
    /** Runs an operation for a caller the gate let in. */
    @FunctionalInterface
    interface Handler<Q, P extends Permit> {
        Reply handle(P permit, Q request, Consumer<Progress> events);
    }

    /** The rule for one request, for an operation whose rule depends on what is asked ({@code rights}). */
    @FunctionalInterface
    interface RuleFor<Q, P extends Permit> {
        AccessRule<P> of(Caller caller, Q request);
    }

    private final Map<Operation, Route<?, ?>> routes = new EnumMap<>(Operation.class);

    <Q extends Request<?>, P extends Permit> Routes add(Operation op, Class<Q> type, AccessRule<P> rule,
            Handler<Q, P> handler) {
        return add(op, type, (caller, request) -> rule, handler);
    }

    <Q extends Request<?>, P extends Permit> Routes add(Operation op, Class<Q> type, RuleFor<Q, P> rule,
            Handler<Q, P> handler) {
        if (type != op.requestType()) {
            throw new IllegalArgumentException(op + " takes " + op.requestType().getSimpleName() + ", not "
                    + type.getSimpleName());
        }
        if (routes.putIfAbsent(op, new Route<>(type, rule, handler)) != null) {
            throw new IllegalArgumentException(op + " routed twice");
        }
        return this;
    }

    /** The table, once every operation has its route. */
    Routes complete() {
        Set<Operation> missing = EnumSet.allOf(Operation.class);
        missing.removeAll(routes.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("operations without a route (a rule and a handler): " + missing);
        }
        return this;
    }

    Set<Operation> operations() {
        return Collections.unmodifiableSet(routes.keySet());
    }

    /** Lets the caller through the gate with the operation's rule, then runs it. */
    Reply run(AccessGate gate, Caller caller, Request<?> request, Consumer<Progress> events) {
        return routes.get(request.operation()).run(gate, caller, request, events);
    }

    private record Route<Q, P extends Permit>(Class<Q> type, RuleFor<Q, P> rule, Handler<Q, P> handler) {
        Reply run(AccessGate gate, Caller caller, Request<?> request, Consumer<Progress> events) {
            Q q = type.cast(request);
            P permit = gate.admit(caller, rule.of(caller, q));
            return handler.handle(permit, q, events);
        }
    }
}
