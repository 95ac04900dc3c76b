# Turns `javap -v -protected` output into the API listing of bin/api-signatures: each public or
# protected type's declaration with " {", its public and protected members as javap declares them
# (one per line, indented), "}", and an "@Deprecated" line before each deprecated type or member.
# A type that is not itself public or protected is left out whole. "extends java.lang.Object",
# implicit in Java, is dropped (javap -v spells it out, javap without -v does not).

function flush(   i) {
    if (keep) {
        if (type_deprecated) print "@Deprecated"
        print header " {"
        for (i = 1; i <= n; i++) {
            if (deprecated[i]) print "  @Deprecated"
            print members[i]
        }
        print "}"
    }
    keep = 0; n = 0; type_deprecated = 0; in_body = 0; seen_header = 0
}

{ gsub(/ extends java\.lang\.Object/, "") }

# Each class's output starts with its class file's path.
/^Classfile / { flush(); next }
!seen_header && /^[a-z]/ { header = $0; seen_header = 1; keep = ($0 ~ /^(public|protected) /); next }
seen_header && /^\{$/ { in_body = 1; next }
in_body && /^\}$/ { in_body = 0; next }
# Members are indented by two spaces, their attributes by four.
in_body && /^  [^ ]/ { members[++n] = $0; deprecated[n] = 0; next }
in_body && /^    Deprecated: true$/ { deprecated[n] = 1; next }
# The type's own attributes follow its body.
!in_body && /^Deprecated: true$/ { type_deprecated = 1; next }
END { flush() }
