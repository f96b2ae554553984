package dev.vigil.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names Vigil reads its settings under, as environment variables and as property keys, and for a name it does not
 * read, the nearest one it does. A property is written as SmallRye lists a mapping's properties: {@code *} stands for a
 * map key ({@code vigil.groups.rules.*.metrics}) and {@code [*]} for a list index ({@code vigil.api.keys[*]}); its
 * variable is MicroProfile Config's environment form ({@code VIGIL_GROUPS_RULES_FEEDERS_METRICS},
 * {@code VIGIL_API_KEYS_0_}). Other variables are exact names, other keys prefixes. Immutable and thread-safe.
 */
final class SettingNames {

    private static final Pattern DYNAMIC = Pattern.compile("\\[\\*]|\\*");
    /**
     * The variables Kubernetes gives a pod for every Service of its namespace (a Service {@code vigil} gives
     * {@code VIGIL_SERVICE_HOST}, {@code VIGIL_PORT_80_TCP}, ...), unless the pod sets
     * {@code enableServiceLinks: false}.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "(VIGIL(?:_[A-Z0-9]+)*?)_(?:SERVICE_HOST|SERVICE_PORT(?:_[A-Z0-9_]+)?"
                    + "|PORT(?:_[0-9]+_(?:TCP|UDP|SCTP)(?:_PROTO|_PORT|_ADDR)?)?)");

    private record Property(String name, Pattern variable, Pattern key) {
    }

    private final List<Property> properties = new ArrayList<>();
    private final Set<String> variables;
    private final List<String> keyPrefixes;
    /** What a name is compared with for a suggestion: no list-index forms, a map key still {@code *}. */
    private final Set<String> variableCandidates = new TreeSet<>();
    private final Set<String> keyCandidates = new TreeSet<>();

    /**
     * @param properties  the mappings' properties, with {@code *} and {@code [*]} for map keys and list indexes
     * @param variables   variables Vigil (its launcher, its image, its clients) reads by exact name
     * @param keyPrefixes keys read other than through a mapping, by their start ({@code vigil.nab.})
     */
    SettingNames(Collection<String> properties, Collection<String> variables, Collection<String> keyPrefixes) {
        for (String p : properties) {
            this.properties.add(new Property(p, regex(p, true), regex(p, false)));
            if (!p.contains("[*]")) {
                keyCandidates.add(p);
                variableCandidates.add(String.join("*", envPieces(p)));
            }
        }
        this.variables = Set.copyOf(variables);
        this.keyPrefixes = List.copyOf(keyPrefixes);
        variableCandidates.addAll(variables);
    }

    /** Whether Vigil reads this variable; {@code environment}: every variable name set, for Kubernetes' links. */
    boolean knowsVariable(String name, Set<String> environment) {
        if (variables.contains(name) || properties.stream().anyMatch(p -> p.variable().matcher(name).matches())) {
            return true;
        }
        Matcher link = SERVICE_LINK.matcher(name);
        return link.matches() && environment.contains(link.group(1) + "_SERVICE_HOST");
    }

    /** Whether this key (without a {@code %profile.} prefix) is one of the properties or starts with a prefix. */
    boolean knowsProperty(String key) {
        return keyPrefixes.stream().anyMatch(key::startsWith)
                || properties.stream().anyMatch(p -> p.key().matcher(key).matches());
    }

    /** The known variable nearest to this unknown one, if one is near enough to be what was meant. */
    Optional<String> nearestVariable(String name) {
        return nearest(name, variableCandidates);
    }

    /** The known key nearest to this unknown one, if one is near enough to be what was meant. */
    Optional<String> nearestProperty(String key) {
        return nearest(key, keyCandidates);
    }

    /** MicroProfile Config's environment form of a key: upper case, anything not alphanumeric an underscore. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Edit distance to each candidate, a map key ({@code *}) filled in from the name itself; the nearest wins if it
     * is at most a sixth of the name away (at least 2 edits), the first in alphabetical order on a tie.
     */
    private static Optional<String> nearest(String name, Set<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String filled = fill(name, candidate);
            int d = distance(name, filled);
            if (d < bestDistance) {
                best = filled;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 6) ? Optional.of(best) : Optional.empty();
    }

    /** The candidate with its {@code *} replaced by the part of {@code name} that makes it nearest. */
    private static String fill(String name, String candidate) {
        int star = candidate.indexOf('*');
        if (star < 0) {
            return candidate;
        }
        String before = candidate.substring(0, star);
        String after = candidate.substring(star + 1);
        String best = candidate;
        int bestDistance = Integer.MAX_VALUE;
        // the key is where the candidate's fixed parts leave room for it, give or take two characters at each end
        for (int from = before.length() - 2; from <= before.length() + 2; from++) {
            for (int to = name.length() - after.length() - 2; to <= name.length() - after.length() + 2; to++) {
                if (from < 0 || to > name.length() || from >= to) {
                    continue;
                }
                String filled = before + name.substring(from, to) + after;
                int d = distance(name, filled);
                if (d < bestDistance) {
                    best = filled;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The property's fixed parts in environment form, split where a map key goes. */
    private static List<String> envPieces(String property) {
        List<String> pieces = new ArrayList<>();
        for (String piece : property.split("\\*", -1)) {
            pieces.add(envName(piece));
        }
        return pieces;
    }

    /** A property as a pattern over variables ({@code env}) or over keys. */
    private static Pattern regex(String property, boolean env) {
        StringBuilder re = new StringBuilder();
        Matcher m = DYNAMIC.matcher(property);
        int at = 0;
        while (m.find()) {
            re.append(literal(property.substring(at, m.start()), env));
            if ("[*]".equals(m.group())) {
                re.append(env ? "_[0-9]+_" : "\\[[0-9]+]");
            } else {
                // a map key: any text in a variable; in a key, one segment or a quoted one that may hold dots
                re.append(env ? ".+" : "(?:[^.\"]+|\"[^\"]+\")");
            }
            at = m.end();
        }
        return Pattern.compile(re.append(literal(property.substring(at), env)).toString());
    }

    private static String literal(String text, boolean env) {
        return text.isEmpty() ? "" : Pattern.quote(env ? envName(text) : text);
    }
}
