package dev.mpmarketplace.support.problem;

/**
 * Fired (synchronously, as a CDI event) for every problem {@link ProblemMappers} answers, so a service can count
 * refusals by reason without a mapper of its own. The reason is always one of the service's own fixed words, never
 * text from the request.
 *
 * @param problem what was answered
 * @param cause what caused it
 */
public record ProblemAnswered(Problem problem, Throwable cause) {
}
