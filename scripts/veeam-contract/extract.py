#!/usr/bin/env python3
"""Extract a machine-readable contract of Veeam PowerShell cmdlets from the
comnam90/veeam-docs-vbr-dump mirror (markdown conversion of the Veeam Help Center
PowerShell reference).

Reproducible: reads only `git show <commit>:docs/powershell/*.md` from the bare clone.

Usage: python3 extract.py [REPO_GIT_DIR] [OUT_DIR]
Outputs: cmdlets.json, objects.json (in OUT_DIR). The cmdlets to extract are in requested.txt
beside this script. vcc-iac's fixture is then trimmed from them by trim.mjs (see README.md here).
"""
import json
import os
import re
import subprocess
import sys

REPO = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/comnam90+veeam-docs-vbr-dump/repo"
OUT = sys.argv[2] if len(sys.argv) > 2 else "/tmp/veeam-contract"
TOOLS = os.path.dirname(os.path.abspath(__file__))

# --- what to extract ------------------------------------------------------------------
REQUESTED = [l.strip() for l in open(os.path.join(TOOLS, "requested.txt")) if l.strip()]

# Pages that exist under a different name than the brief guessed, or close siblings that
# a provisioning tool needs (Enable/Disable/Remove/Set partners, producers of arguments).
SUBSTITUTES = {
    "New-VBRGoogleCloudStorageFolder": "New-VBRGoogleCloudFolder",
    "Get-VBRGoogleCloudStorageBucket": "Get-VBRGoogleCloudBucket",
    "Get-VBRGoogleCloudStorageFolder": "Get-VBRGoogleCloudFolder",
    "New-VBRHvCloudHWPlanVolume": "New-VBRHvCloudHWPlanDatastore",
    "New-VBRCloudTenantNetworkAppliance": None,  # no such page; see Set-/Get-/Stop- and provider appliance
    "Set-VBRWANAccelerator": None,  # no such page in v13 reference
}
MISSING_NOTES = {
    "Set-VBRWANAccelerator": "no page; wan_cmdlets.md lists only Add-, Get-, Remove-VBRWANAccelerator and Clear-VBRWANCache",
    "New-VBRCloudTenantNetworkAppliance": "no page; the provider-side appliance is created by New-VBRCloudTenantReplicationResources "
                                          "-EnableNetworkFailoverResources and edited with Get-/Set-/Stop-VBRCloudTenantNetworkAppliance; "
                                          "New-VBRCloudProviderNetworkAppliance is the tenant (user) side",
    "New-VBRGoogleCloudStorageFolder": "actual name New-VBRGoogleCloudFolder",
    "Get-VBRGoogleCloudStorageBucket": "actual name Get-VBRGoogleCloudBucket",
    "Get-VBRGoogleCloudStorageFolder": "actual name Get-VBRGoogleCloudFolder",
    "New-VBRHvCloudHWPlanVolume": "actual name New-VBRHvCloudHWPlanDatastore (takes -DatastorePath, not a datastore object)",
}
EXTRA = [
    "Remove-VBRCloudPublicIP", "Enable-VBRCloudGateway", "Disable-VBRCloudGateway",
    "Enable-VBRCloudGatewayPool", "Disable-VBRCloudGatewayPool", "Generate-VBRCloudGatewayCertificate",
    "Get-VBRCloudTenantNetworkAppliance", "Stop-VBRCloudTenantNetworkAppliance",
    "New-VBRCloudProviderNetworkAppliance", "Get-VBRCloudProviderNetworkAppliance",
    "Set-VBRCloudProviderNetworkAppliance",
    "Set-VBRViCloudHWPlanDatastore", "Set-VBRHvCloudHWPlanDatastore",
    "Set-VBRCloudSubTenantResource", "Enable-VBRCloudSubTenant", "Disable-VBRCloudSubTenant",
    "Add-VBRvCDCloudTenant", "Set-VBRvCDCloudTenant", "Add-VBRADCloudTenant", "Set-VBRADCloudTenant",
    "Add-VBRvCDCloudSubTenant",
    "Sync-VBRCloudTenantResource", "Reset-VBRCloudTenant",
    "Get-VBRS3CompatibleRepositorySecurityOptions",
    "Remove-VBRAmazonAccount", "Remove-VBRAzureBlobAccount", "Remove-VBRGoogleCloudAccount",
    "Get-VBRGoogleCloudComputeAccount", "Set-VBRGoogleCloudComputeAccount", "Remove-VBRGoogleCloudComputeAccount",
    "Disconnect-VBRAmazonS3Service", "Disconnect-VBRAzureBlobService", "Disconnect-VBRGoogleCloudService",
    "Get-VBRAmazonS3Region", "Get-VBRGoogleCloudRegion", "Get-VBRBackupRepository",
    "Set-VBRCredentials", "Remove-VBRCredentials", "Disconnect-VBRServer",
    "Set-VBRWinServer", "Set-VBRLinux", "Remove-VBRServer", "Set-VBRViProxy", "Remove-VBRViProxy",
    "Get-VBRHvProxy", "Clear-VBRWANCache",
    "Add-VBRAmazonS3Server", "Add-VBRS3CompatibleServer", "Add-VBRAzureBlobServer",
    "New-VBRCloudVLANConfiguration", "Get-VBRCloudVLANConfiguration", "Set-VBRCloudVLANConfiguration",
]
FOLLOW_DEPTH = 2  # follow "To get this object, run the [X] cmdlet" links from requested pages


def git(*args):
    return subprocess.run(["git", "-C", REPO] + list(args), check=True, capture_output=True,
                          text=True).stdout


COMMIT = git("rev-parse", "HEAD").strip()
FILES = set(git("ls-tree", "-r", "--name-only", COMMIT, "docs/powershell").split("\n"))


def page_path(name):
    return "docs/powershell/%s.md" % name.lower()


def read_page(name):
    p = page_path(name)
    if p not in FILES:
        return None
    return git("show", "%s:%s" % (COMMIT, p)).replace("\u00a0", " ")  # non-breaking spaces -> spaces


# --- helpers --------------------------------------------------------------------------
LINK_RE = re.compile(r"\[((?:[^\[\]]|\[\])*)\]\(([^)]*)\)")


def strip_links(s):
    return LINK_RE.sub(lambda m: m.group(1), s)


def front_matter(text):
    fm = {}
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if m:
        for line in m.group(1).split("\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                fm[k.strip()] = v.strip().strip('"')
    return fm


HEADINGS = ["Short Description", "Applies to", "Syntax", "Detailed Description", "Parameters",
            "<CommonParameters>", "Output Object", "Output Objects", "Input Object", "Input Objects",
            "Examples", "Related Commands", "Properties", "Methods", "Constructor", "Constructors"]


def sections(text):
    """Split body into sections keyed by plain heading lines."""
    out = {}
    cur = "_head"
    out[cur] = []
    body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    for line in body.split("\n"):
        if line.strip() in HEADINGS:
            cur = line.strip()
            # a heading repeated ("Parameters\n\nParameters") just continues the section
            out.setdefault(cur, [])
            continue
        out.setdefault(cur, []).append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def first_sentence(s):
    s = s.strip()
    m = re.match(r"(.+?[.!?])(\s|$)", s)
    return m.group(1) if m else s


# --- syntax parsing -------------------------------------------------------------------
def parse_syntax_line(line, cmdlet):
    """Tokenise one syntax line into parameter entries.

    Handles: -P <t>, [-P <t>], [-P] <t> (positional), [[-P] <t>] (optional positional),
    -Switch, [-Switch], {A | B} enum values after the type, [<CommonParameters>].
    """
    s = line.strip()
    if s.lower().startswith(cmdlet.lower()):
        s = s[len(cmdlet):]
    params = []
    i = 0
    n = len(s)

    def skip_ws():
        nonlocal i
        while i < n and s[i].isspace():
            i += 1

    def read_group(open_ch, close_ch):
        nonlocal i
        depth = 0
        start = i
        while i < n:
            if s[i] == open_ch:
                depth += 1
            elif s[i] == close_ch:
                depth -= 1
                if depth == 0:
                    i += 1
                    return s[start:i]
            i += 1
        return s[start:]

    def parse_inner(tok):
        """tok without outer optional brackets. Returns dict or None."""
        t = tok.strip()
        positional = False
        m = re.match(r"^\[\s*-([A-Za-z0-9_]+)\s*\]\s*(.*)$", t, re.S)
        if m:
            positional = True
            name, rest = m.group(1), m.group(2)
        else:
            m = re.match(r"^-([A-Za-z0-9_]+)\s*(.*)$", t, re.S)
            if not m:
                return None
            name, rest = m.group(1), m.group(2)
        typ = None
        values = None
        m2 = re.match(r"^<([^>]*)>\s*(.*)$", rest, re.S)
        if m2:
            typ, rest = m2.group(1).strip(), m2.group(2)
        m3 = re.match(r"^\{([^}]*)\}?", rest.strip())  # tolerate a missing '}' (seen in the dump)
        if m3:
            values = [v.strip() for v in m3.group(1).split("|") if v.strip()]
        return {"name": name, "type": typ, "switch": typ is None and not values, "positionalNameOptional": positional,
                "values": values}

    while i < n:
        skip_ws()
        if i >= n:
            break
        c = s[i]
        if c == "[":
            grp = read_group("[", "]")
            inner = grp[1:-1]
            if inner.strip() == "<CommonParameters>":
                continue
            # '[-Name] <type>' means mandatory param whose name is optional: the bracket
            # closes right after the name and the type follows outside.
            m = re.match(r"^\s*-([A-Za-z0-9_]+)\s*$", inner)
            j = i
            while j < n and s[j] == " ":
                j += 1
            if m and j < n and s[j] == "<":
                i = j
                tgrp = read_group("<", ">")
                skip_ws()
                vals = None
                if i < n and s[i] == "{":
                    vg = read_group("{", "}")
                    vals = [v.strip() for v in vg[1:-1].split("|") if v.strip()]
                params.append({"name": m.group(1), "type": tgrp[1:-1].strip(), "switch": False,
                               "positionalNameOptional": True, "values": vals, "mandatory": True})
                continue
            d = parse_inner(inner)
            # enum values may follow the closing bracket: [-P <T>] {A | B} (rare)
            skip_ws()
            if i < n and s[i] == "{":
                vg = read_group("{", "}")
                if d is not None and not d["values"]:
                    d["values"] = [v.strip() for v in vg[1:-1].split("|") if v.strip()]
            if d:
                d["mandatory"] = False
                params.append(d)
            else:
                params.append({"name": None, "raw": grp, "mandatory": False})
        elif c == "-" and re.match(r"-[A-Za-z0-9_]", s[i:i + 2]):
            m = re.match(r"-([A-Za-z0-9_]+)", s[i:])
            name = m.group(1)
            i += len(m.group(0))
            skip_ws()
            typ = None
            vals = None
            if i < n and s[i] == "<":
                tg = read_group("<", ">")
                typ = tg[1:-1].strip()
                skip_ws()
            if i < n and s[i] == "{":  # enum values, with or without a <type>
                vg = read_group("{", "}")
                vals = [v.strip() for v in vg[1:-1].split("|") if v.strip()]
            params.append({"name": name, "type": typ, "switch": typ is None and not vals,
                           "positionalNameOptional": False, "values": vals, "mandatory": True})
        elif c == "{":
            vg = read_group("{", "}")
            if params and not params[-1].get("values"):
                params[-1]["values"] = [v.strip() for v in vg[1:-1].split("|") if v.strip()]
        else:
            # unexpected token: keep raw
            m = re.match(r"\S+", s[i:])
            params.append({"name": None, "raw": m.group(0), "mandatory": None})
            i += len(m.group(0))
    return params


def parse_syntax(section_text, cmdlet):
    sets = []
    label = None
    for line in section_text.split("\n"):
        st = line.strip()
        if st.startswith("* "):
            label = st[2:].strip()
            continue
        if st.startswith("|") and st.endswith("|"):
            cell = st[1:-1].strip()
            if cell.lower().startswith(cmdlet.lower()):
                # restore the pipes inside {A | B} (they were never cell separators: one-column table)
                raw = cell
                sets.append({"label": label, "syntax": raw,
                             "params": parse_syntax_line(raw, cmdlet)})
                label = None
    return sets


# --- table parsing --------------------------------------------------------------------
def split_row(line, ncols):
    """Split a markdown table row into ncols cells.

    The dump does not escape pipes inside cells (e.g. '\\/:*?"<>|=;' in a description, or
    'True (ByValue, ByPropertyName)' truncated), so split on ' | ' and, if we get too many
    cells, merge the surplus into the description column (index desc_idx)."""
    st = line.replace("\u00a0", " ").strip()
    if st.startswith("|"):
        st = st[1:]
    if st.endswith("|"):
        st = st[:-1]
    cells = [c.strip() for c in re.split(r" \| ", " " + st + " ")]
    cells = [c.strip() for c in cells]
    # leading/trailing empties from the added spaces
    if cells and cells[0] == "":
        cells = cells[1:]
    return cells


def parse_table(lines, header_pred):
    """Find tables whose header matches header_pred; return list of (header, rows)."""
    tables = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("|") and header_pred(line):
            header = [h.strip() for h in line.strip("|").split("|")]
            rows = []
            i += 1
            while i < len(lines) and lines[i].strip().startswith("|"):
                l2 = lines[i].strip()
                if re.match(r"^\|(\s*-+\s*\|)+$", l2):
                    i += 1
                    continue
                rows.append(l2)
                i += 1
            tables.append((header, rows))
        else:
            i += 1
    return tables


def cells_for(row, header, desc_idx):
    cells = split_row(row, len(header))
    n = len(header)
    if len(cells) > n:
        extra = len(cells) - n
        cells = cells[:desc_idx] + [" | ".join(cells[desc_idx:desc_idx + extra + 1])] + cells[desc_idx + extra + 1:]
    while len(cells) < n:
        cells.append("")
    return cells


BULLET_SPLIT = re.compile(r"\s\*\s")


def description_facts(desc):
    """Heuristics: accepted values, default, permitted range, unit hints."""
    facts = {}
    plain = strip_links(desc)
    # bullet lists in the description: '... following:   * A * B' or 'either of the following'
    vals = []
    if " * " in " " + plain:
        parts = BULLET_SPLIT.split(" " + plain)
        for p in parts[1:]:
            item = p.strip()
            # value may be followed by an explanation: 'A — text', 'A - text', 'A: text'
            m = re.match(r"^([A-Za-z][A-Za-z0-9_.]*)(\s*(—|–| - |:)\s.*|\s*\.?\s*$|\s{2,}.*)$", item, re.S)
            if m:
                # an item with trailing prose after two spaces: keep only if the token looks like an identifier
                vals.append(m.group(1).rstrip("."))
            else:
                vals = []
                break
    if vals:
        facts["acceptedValues"] = vals
        facts["acceptedValuesSource"] = "description bullet list"
    else:
        # 'Specifies the network mode: Direct, NAT.' / 'Accepted server types: Windows, Local.'
        m = re.search(r"(?:Accepted [a-z ]*types?|Accepted values|Possible values|[Ss]pecifies the [a-z ]+):\s*"
                      r"([A-Za-z0-9_]+(?:,\s*(?:or\s+|and\s+)?[A-Za-z0-9_]+)+)\.", plain)
        if m:
            facts["acceptedValues"] = [v.strip().replace("or ", "").replace("and ", "")
                                       for v in m.group(1).split(",")]
            facts["acceptedValuesSource"] = "description inline list"
    m = re.search(r"Default(?: value)?:\s*(.+?)(?:\.\s|\.$|$)", plain)
    if m:
        facts["default"] = m.group(1).strip()
    m = re.search(r"(Permitted values?|Accepted values?|Can be set to|Possible values?|Range)[^.]*?(\d[\d,]*)\s*(?:to|-|–)\s*(\d[\d,]*)([^.]*)", plain)
    if m:
        facts["range"] = m.group(0).strip()
    units = re.findall(r"\((MHz|GHz|Gb|GB|MB|Mb|TB|KB|Kb|seconds|minutes|hours|days|percent|%)\)|\bin (MB|GB|TB|Mbps|MHz|seconds|minutes|hours|days)\b", plain)
    u = sorted({a or b for a, b in units})
    if u:
        facts["unitHints"] = u
    return facts


TYPE_OBJ_RE = re.compile(r"Accepts the (.+?) objects?\b")


def parse_type_cell(cell):
    out = {"typeRaw": cell}
    plain = strip_links(cell)
    mf = re.match(r"Accepts the following objects?:\s*((?:\*\s*\S+\s*)+)", plain)
    m = TYPE_OBJ_RE.search(plain)
    if mf:
        out["type"] = " | ".join(re.findall(r"\*\s*(\S+)", mf.group(1)))
    elif m:
        out["type"] = m.group(1).strip()
    elif plain.startswith("Accepts "):
        out["type"] = re.sub(r"^Accepts\s+", "", plain).rstrip(".")
    else:
        out["type"] = plain
    prods = re.findall(r"run the \[([A-Za-z]+-[A-Za-z0-9]+)\]\(([^)]*)\)", cell)
    prods += re.findall(r"\[((?:Get|New|Find|Add|Set|Connect|Import|Generate)-[A-Za-z0-9]+)\]\(([^)]*)\)", cell)
    seen = []
    for p, href in prods:
        if p not in seen:
            seen.append(p)
    if seen:
        out["producedBy"] = seen
    objs = [t for t, href in LINK_RE.findall(cell) if href.endswith(".md") and not re.match(r"^[A-Za-z]+-", t)]
    if objs:
        out["objectPages"] = sorted(set(objs))
    return out


def parse_parameters(section_text):
    lines = section_text.split("\n")
    tables = parse_table(lines, lambda l: re.match(r"^\|\s*Parameter\s*\|\s*Description\s*\|", l) is not None)
    params = {}
    order = []
    for header, rows in tables:
        hdr = [h.lower() for h in header]
        for row in rows:
            cells = cells_for(row, header, 1)
            rec = dict(zip(hdr, cells))
            name = rec.get("parameter", "").strip()
            if not name:
                continue
            desc = rec.get("description", "")
            entry = {}
            entry.update(parse_type_cell(rec.get("type", "")))
            entry["required"] = rec.get("required", "")
            entry["position"] = rec.get("position", "")
            pip = rec.get("accept pipeline input", rec.get("accept", ""))
            entry["acceptPipelineInput"] = pip
            entry["description"] = first_sentence(strip_links(desc))
            entry["descriptionFull"] = strip_links(desc)
            entry.update(description_facts(desc))
            if name in params:
                # same parameter in several tables (rare): keep first, record variants
                params[name].setdefault("variants", []).append(entry)
            else:
                params[name] = entry
                order.append(name)
    return params, order


def parse_links(text):
    return [t for t, h in LINK_RE.findall(text) if h.endswith(".md")]


def parse_examples(text):
    """Examples are flattened nested tables: '| <intro> |  | | --- | | <code> |  Perform ...'."""
    out = []
    title = None
    for line in text.split("\n"):
        m = re.search(r"svg\)(Example.*)$", line)
        if m:
            title = m.group(1).strip()
            continue
        k = line.find("| --- | | ")
        if k < 0 or line.strip().startswith("| --- | --- |"):
            continue
        rest = line[k + len("| --- | | "):]
        ends = [e for e in (rest.find(" |  "), rest.find(" | |")) if e >= 0]
        code = rest[:min(ends)] if ends else rest.rstrip(" |")
        intro = line[:k].strip().lstrip("|").strip()
        intro = re.sub(r"\|\s*\|?\s*$", "", intro).strip()
        out.append({"title": title, "intro": strip_links(intro), "code": strip_links(code).strip()})
    return out


# --- cmdlet pages ---------------------------------------------------------------------
def parse_cmdlet(name):
    text = read_page(name)
    if text is None:
        return None
    fm = front_matter(text)
    sec = sections(text)
    title = fm.get("title", name)
    syn = parse_syntax(sec.get("Syntax", ""), title)
    params, order = parse_parameters(sec.get("Parameters", "") + "\n" + sec.get("Detailed Description", ""))
    # enrich table params with syntax enum values; reconcile name case
    syn_names = {}
    for ps in syn:
        for p in ps["params"]:
            if p.get("name"):
                syn_names.setdefault(p["name"].lower(), p)
    for pname, entry in params.items():
        sp = syn_names.get(pname.lower())
        if sp:
            if sp.get("type"):
                entry["syntaxType"] = sp["type"]
            if sp.get("values"):
                dv = entry.get("acceptedValues") if entry.get("acceptedValuesSource", "").startswith("description") else None
                entry["syntaxValues"] = sp["values"]
                if dv:
                    entry["descriptionValues"] = dv
                    if sorted(v.lower() for v in dv) != sorted(v.lower() for v in sp["values"]):
                        entry["valuesMismatch"] = True
                entry["acceptedValues"] = sp["values"]
                entry["acceptedValuesSource"] = "syntax {…}"
            if sp["name"] != pname:
                entry["syntaxNameCase"] = sp["name"]
    param_sets = []
    detail = []
    noise = []
    for ps in syn:
        compact = []
        for p in ps["params"]:
            if not p.get("name"):
                noise.append(p.get("raw"))
                continue
            tok = "-" + p["name"]
            if p.get("positionalNameOptional"):
                tok = "[-%s]" % p["name"] if p["mandatory"] else "[[-%s]]" % p["name"]
            elif not p["mandatory"]:
                tok = "[-%s]" % p["name"]
            compact.append(tok)
        param_sets.append(compact)
        detail.append({"label": ps["label"], "syntax": ps["syntax"],
                       "parameters": [{k: v for k, v in p.items() if v not in (None, False) or k in ("mandatory", "switch")}
                                      for p in ps["params"]]})
    # consistency: params in syntax not in table, and vice versa
    tab_l = {k.lower() for k in params}
    syn_l = set(syn_names)
    common = {"whatif", "confirm"}
    out_sec = sec.get("Output Object", "") + sec.get("Output Objects", "")
    rec = {
        "title": title,
        "sourceUrl": fm.get("source_url"),
        "path": page_path(name),
        "lastUpdated": fm.get("last_updated"),
        "productVersion": fm.get("product_version"),
        "shortDescription": sec.get("Short Description", "").strip().split("\n")[0].strip(),
        "appliesTo": " ".join(l.strip() for l in sec.get("Applies to", "").split("\n") if l.strip()),
        "parameterSets": param_sets,
        "parameterSetsDetail": detail,
        "parameterOrder": order,
        "parameters": params,
        "outputObjects": list(dict.fromkeys(re.findall(r"\b((?:IVBR[A-Za-z]|VBR[A-Za-z]|C[A-Z])[A-Za-z0-9]+(?:\[\])?)", strip_links(out_sec)))),
        "outputText": " ".join(strip_links(l.strip()) for l in out_sec.split("\n") if l.strip()),
        "relatedCommands": parse_links(sec.get("Related Commands", "")),
        "consistency": {
            "inSyntaxNotInTable": sorted(syn_l - tab_l),
            "inTableNotInSyntax": sorted(k for k in tab_l - syn_l if k not in common),
            "syntaxNoise": noise,
        },
        "examples": parse_examples(sec.get("Examples", "")),
    }
    return rec


def parse_object(name):
    text = read_page(name)
    if text is None:
        return None
    fm = front_matter(text)
    lines = text.split("\n")
    tables = parse_table(lines, lambda l: re.match(r"^\|\s*Property\s*\|\s*Type\s*\|\s*Description\s*\|", l) is not None)
    props = []
    for header, rows in tables:
        for row in rows:
            cells = cells_for(row, header, 2)
            # description is last column here: merge surplus into it
            c = split_row(row, 3)
            if len(c) > 3:
                c = c[:2] + [" | ".join(c[2:])]
            while len(c) < 3:
                c.append("")
            typ_links = LINK_RE.findall(c[1])
            props.append({"name": c[0], "type": strip_links(c[1]),
                          "typeLink": typ_links[0][1] if typ_links else None,
                          "description": strip_links(c[2])})
    sec = sections(text)
    intro = [l.strip() for l in sec.get("_head", "").split("\n") if l.strip() and not l.startswith("#")]
    return {"title": fm.get("title", name), "sourceUrl": fm.get("source_url"), "path": page_path(name),
            "lastUpdated": fm.get("last_updated"), "productVersion": fm.get("product_version"),
            "summary": intro[0] if intro else None, "properties": props,
            "relatedCommands": parse_links(sec.get("Related Commands", ""))}


def parse_enums():
    text = read_page("enums")
    if text is None:
        return {}, None
    fm = front_matter(text)
    lines = text.split("\n")
    enums = {}
    for i, l in enumerate(lines):
        if re.match(r"^\|\s*Member\s*\|\s*Description\s*\|", l.strip()):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            name = lines[j].strip().rstrip(":")
            # description: the paragraph between the two name lines
            k = j - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            desc = lines[k].strip() if k >= 0 and lines[k].strip().rstrip(":") != name else None
            members = []
            m = i + 1
            while m < len(lines) and lines[m].strip().startswith("|"):
                if not re.match(r"^\|(\s*-+\s*\|)+$", lines[m].strip()):
                    c = split_row(lines[m], 2)
                    members.append({"member": c[0], "description": " | ".join(c[1:]) if len(c) > 1 else ""})
                m += 1
            enums[name] = {"description": desc, "members": members}
    return enums, {"sourceUrl": fm.get("source_url"), "path": page_path("enums"),
                   "lastUpdated": fm.get("last_updated"), "productVersion": fm.get("product_version")}


def main():
    cmdlets = {}
    missing = {}
    reasons = {}
    queue = []
    for c in REQUESTED:
        if page_path(c) in FILES:
            queue.append((c, "requested", 0))
        else:
            sub = SUBSTITUTES.get(c)
            missing[c] = {"pagePath": page_path(c), "substitute": sub}
            if c in MISSING_NOTES:
                missing[c]["note"] = MISSING_NOTES[c]
            if sub:
                queue.append((sub, "substitute for missing %s" % c, 0))
    for c in EXTRA:
        if page_path(c) in FILES:
            queue.append((c, "related (added for completeness)", 1))
        else:
            missing.setdefault(c, {"pagePath": page_path(c), "substitute": None, "note": "extra, not found"})
    while queue:
        c, why, depth = queue.pop(0)
        key = c
        if any(k.lower() == c.lower() for k in cmdlets):
            continue
        rec = parse_cmdlet(c)
        if rec is None:
            note = ("Microsoft PowerShell cmdlet (external link), not a Veeam page" if c == "Get-Credential"
                    else "linked as producer; page absent")
            missing.setdefault(c, {"pagePath": page_path(c), "substitute": None, "note": note})
            continue
        key = rec["title"] or c
        rec["includedBecause"] = why
        cmdlets[key] = rec
        if depth < FOLLOW_DEPTH:
            for pname, p in rec["parameters"].items():
                for prod in p.get("producedBy", []):
                    if not any(k.lower() == prod.lower() for k in cmdlets):
                        queue.append((prod, "produces -%s for %s" % (pname, key), depth + 1))
    # object pages: requested + every object linked from cmdlet parameter types / outputs
    obj_names = ["VBRCloudTenant", "VBRCloudGateway", "VBRCloudGatewayPool", "VBRCloudTenantResource",
                 "VBRCloudSubTenant", "VBRCloudSubTenantResource", "VBRCloudHardwarePlan",
                 "VBRViCloudHardwarePlan", "VBRHvCloudHardwarePlan", "VBRViCloudHardwarePlanDatastore",
                 "VBRHvCloudHardwarePlanDatastore", "VBRCloudTenantHwPlanOptions",
                 "VBRCloudTenantReplicationResources", "VBRCloudTenantNetworkAppliance", "VBRWANAccelerator",
                 "CWanAccelerator", "VBRAmazonS3Repository", "VBRAmazonS3CompatibleRepository",
                 "VBRAzureBlobRepository", "VBRGoogleCloudRepository", "VBRObjectStorageRepository",
                 "VBRAmazonAccount", "VBRAzureBlobAccount", "VBRAzureStorageAccount", "VBRGoogleCloudAccount",
                 "VBRGoogleCloudComputeAccount", "VBRCloudCertificate", "VBRS3CompatibleRepositorySecurityOptions",
                 "VBRAmazonS3Bucket", "VBRAmazonS3Folder", "VBRAmazonS3Connection", "VBRAzureBlobContainer",
                 "VBRAzureBlobFolder", "VBRGoogleCloudBucket", "VBRGoogleCloudFolder",
                 "VBRGoogleCloudComputeProxyAppliance", "VBRCloudPublicIP", "VBRCloudProviderNetworkAppliance",
                 "VBRViCloudProviderNetworkAppliance", "VBRHvCloudProviderNetworkAppliance",
                 "CHost", "CCredentials", "CBackupRepository", "VBRViProxy", "CViProxy", "CHvProxy",
                 "VBRAmazonS3Region", "VBRGoogleCloudRegion", "VBRAzureBlobRegion",
                 "VBRAzureBlobConnection", "VBRGoogleCloudConnection", "VBRAmazonS3CompatibleConnection",
                 "VBRAzureBlobService", "VBRCloudDatastoreQuota", "IVBRCloudTenant", "VBRCloudIP"]
    for rec in cmdlets.values():
        for o in rec["outputObjects"]:
            obj_names.append(o)
        for p in rec["parameters"].values():
            obj_names.extend(p.get("objectPages", []))
    objects = {}
    obj_missing = []
    seen = set()
    for o in obj_names:
        o = o.strip().rstrip("[]").replace("[]", "")
        if not re.match(r"^[A-Za-z][A-Za-z0-9]+$", o) or o.lower() in seen:
            continue
        seen.add(o.lower())
        r = parse_object(o)
        if r is None:
            obj_missing.append(o)
            continue
        if not r["properties"]:
            r["note"] = "page has no Property|Type|Description table"
        objects[r["title"]] = r
    enums_all, enums_src = parse_enums()
    want = set()
    for rec in cmdlets.values():
        for p in rec["parameters"].values():
            for t in (p.get("type", ""), p.get("syntaxType") or ""):
                want.add(t.replace("[]", "").strip())
    for r in objects.values():
        for p in r["properties"]:
            want.add(re.sub(r"[\[\]?]", "", p["type"]).strip())
    enums = {k: v for k, v in enums_all.items() if k in want}
    src = "comnam90/veeam-docs-vbr-dump %s" % COMMIT
    import collections
    bc = collections.Counter([r["productVersion"] for r in cmdlets.values()] + [r["productVersion"] for r in objects.values()])
    build_str = bc.most_common(1)[0][0]
    builds_seen = {b: sorted([k for k, r in list(cmdlets.items()) + list(objects.items()) if r["productVersion"] == b])
                   if b != build_str else "all other pages" for b in bc}
    with open(os.path.join(OUT, "cmdlets.json"), "w") as f:
        json.dump({"source": src, "build": build_str, "buildsSeen": builds_seen,
                   "generatedBy": "tools/extract.py",
                   "notes": [
                       "parameterSets: one array per syntax line; '-P' = mandatory, '[-P]' = optional, "
                       "'[-P]' also marks a mandatory positional parameter whose name may be omitted "
                       "(see parameterSetsDetail.positionalNameOptional), '[[-P]]' = optional positional.",
                       "parameters.required/position/acceptPipelineInput are copied as printed in the page's table; "
                       "the dump truncates 'True (ByValue, ByPropertyName)' to 'True (ByValue,'.",
                       "acceptedValues: from the syntax {A | B} list when present, else heuristically from the description.",
                   ],
                   "missing": missing, "cmdlets": dict(sorted(cmdlets.items()))}, f, indent=1, ensure_ascii=False)
    with open(os.path.join(OUT, "objects.json"), "w") as f:
        json.dump({"source": src, "build": build_str, "buildsSeen": builds_seen,
                   "generatedBy": "tools/extract.py", "missingObjectPages": sorted(set(obj_missing)),
                   "objects": dict(sorted(objects.items())),
                   "enums": {"source": enums_src, "note": "enumerations from enums.md referenced by a parameter or property type above",
                             "values": dict(sorted(enums.items()))}}, f, indent=1, ensure_ascii=False)
    print("cmdlets:", len(cmdlets), "objects:", len(objects))
    print("missing cmdlets:", json.dumps(missing, indent=0))
    print("missing objects:", sorted(set(obj_missing)))


if __name__ == "__main__":
    main()
