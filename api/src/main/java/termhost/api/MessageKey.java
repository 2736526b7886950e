package termhost.api;

/**
 * Every text the commands can print, by the key of its pattern in the commands' bundles
 * ({@code cli/src/main/resources/termhost/cli/messages*.properties}, English and Russian).
 *
 * <p>The set is closed: errors ({@link TermhostException}), progress events and the commands' own
 * words name a constant here, never a string, so a key that no bundle holds cannot be written.
 * Words chosen at run time (a state, a logon mode, a message's outcome) are mapped to constants by
 * an exhaustive {@code switch} where they are shown. {@code MessageKeysTest} checks that both
 * bundles hold exactly these keys, with the same arguments, and that each constant is used.
 *
 * <p>{@link #key()} is also what goes onto the wire in events and errors.
 */
public enum MessageKey {
    QUERY_SESSION_COL_NAME("query.session.col.name"),
    QUERY_SESSION_COL_USER("query.session.col.user"),
    QUERY_SESSION_COL_ID("query.session.col.id"),
    QUERY_SESSION_COL_STATE("query.session.col.state"),
    QUERY_SESSION_COL_TYPE("query.session.col.type"),
    QUERY_SESSION_COL_DEVICE("query.session.col.device"),
    /** The host of each session in a farm's listing ({@code /server:FARM}). */
    QUERY_SESSION_COL_SERVER("query.session.col.server"),
    QUERY_SESSION_NONE("query.session.none"),
    STATE_ACTIVE("state.active"),
    STATE_DISCONNECTED("state.disconnected"),
    STATE_LISTEN("state.listen"),
    STATE_CONNECTED("state.connected"),
    STATE_DOWN("state.down"),
    ERROR_FORM("error.form"),
    ERROR_CODE_5("error.code.5"),
    ERROR_CODE_87("error.code.87"),
    ERROR_CODE_1722("error.code.1722"),
    ERROR_CODE_7007("error.code.7007"),
    ERROR_CODE_7022("error.code.7022"),
    ERROR_INVALID_PARAMETERS("error.invalid_parameters"),
    ERROR_SEE_HELP("error.see_help"),
    ERROR_UNKNOWN_SWITCH("error.unknown_switch"),
    ERROR_SWITCH_NEEDS_VALUE("error.switch_needs_value"),
    ERROR_SWITCH_TAKES_NO_VALUE("error.switch_takes_no_value"),
    ERROR_SWITCH_TWICE("error.switch_twice"),
    ERROR_TOO_MANY_ARGUMENTS("error.too_many_arguments"),
    ERROR_BAD_SERVER("error.bad_server"),
    ERROR_UNKNOWN_COMMAND("error.unknown_command"),
    ERROR_DAEMON_UNREACHABLE("error.daemon_unreachable"),
    /** This host is not in the farm {@code /server:} named: the command goes to that server over SSH instead. */
    ERROR_NOT_THIS_FARM("error.not_this_farm"),
    ERROR_FARM_DIRECTORY("error.farm_directory"),
    /** {@code HOST:ID} or {@code /server:HOST} names no host of this host's farm: over SSH instead, as outside a farm. */
    ERROR_NOT_FARM_HOST("error.not_farm_host"),
    /** A command relayed through the farm's command table was not answered by its host in time. */
    ERROR_FARM_NO_ANSWER("error.farm_no_answer"),
    /** A command's host was marked lost after it took the command and before it answered. */
    ERROR_FARM_HOST_LOST("error.farm_host_lost"),
    ERROR_SERVER_UNREACHABLE("error.server_unreachable"),
    ERROR_NO_SSH_CLIENT("error.no_ssh_client"),
    ERROR_SESSION_NOT_FOUND("error.session_not_found"),
    ERROR_MALFORMED_REQUEST("error.malformed_request"),
    ERROR_BUSY("error.busy"),
    ERROR_INTERNAL("error.internal"),
    HELP_QUERY_SESSION("help.query_session"),
    LOGOFF_V_START("logoff.v.start"),
    LOGOFF_V_PROCESSES("logoff.v.processes"),
    LOGOFF_V_HUP_TERM("logoff.v.hup_term"),
    LOGOFF_V_KILL("logoff.v.kill"),
    LOGOFF_V_REMOVED("logoff.v.removed"),
    LOGOFF_V_DONE("logoff.v.done"),
    LOGOFF_V_ALREADY("logoff.v.already"),
    LOGOFF_ERROR_RESERVED("logoff.error.reserved"),
    ERROR_NO_CURRENT_SESSION("error.no_current_session"),
    ERROR_SESSION_NAME_NOT_FOUND("error.session_name_not_found"),
    ERROR_ID_OUT_OF_RANGE("error.id_out_of_range"),
    ERROR_EMPTY_SESSION_NAME("error.empty_session_name"),
    ERROR_LOGOFF_FAILED("error.logoff_failed"),
    ERROR_SESSION_CLOSING("error.session_closing"),
    ERROR_NO_FREE_SESSION_ID("error.no_free_session_id"),
    ERROR_AUDIT_UNAVAILABLE("error.audit_unavailable"),
    ERROR_BAD_LIMIT("error.bad_limit"),
    ERROR_UNKNOWN_OPERATION("error.unknown_operation"),
    ERROR_HOST_KEY("error.host_key"),
    HELP_OVERVIEW("help.overview"),
    ERROR_SEE_COMMANDS("error.see_commands"),
    HELP_SERVE("help.serve"),
    SERVE_ERROR_HOST_ONLY("serve.error.host_only"),
    VERSION("version"),
    HELP_LOGOFF("help.logoff"),
    HELP_AUDIT("help.audit"),
    RIGHTS_COL_PRINCIPAL("rights.col.principal"),
    RIGHTS_COL_EFFECT("rights.col.effect"),
    RIGHTS_COL_RIGHTS("rights.col.rights"),
    RIGHTS_EFFECTIVE("rights.effective"),
    ERROR_RIGHTS_ONE_ACTION("error.rights_one_action"),
    ERROR_RIGHTS_NEED_PRINCIPAL("error.rights_need_principal"),
    ERROR_RIGHTS_NEED_RIGHTS("error.rights_need_rights"),
    ERROR_UNKNOWN_RIGHT("error.unknown_right"),
    ERROR_NO_SUCH_USER("error.no_such_user"),
    ERROR_NO_SUCH_GROUP("error.no_such_group"),
    HELP_RIGHTS("help.rights"),
    CONFIG_COL_KEY("config.col.key"),
    CONFIG_COL_VALUE("config.col.value"),
    CONFIG_COL_SOURCE("config.col.source"),
    HELP_CONFIG("help.config"),
    QUSER_COL_USER("quser.col.user"),
    QUSER_COL_SESSION("quser.col.session"),
    QUSER_COL_ID("quser.col.id"),
    QUSER_COL_STATE("quser.col.state"),
    QUSER_COL_IDLE("quser.col.idle"),
    QUSER_COL_LOGON("quser.col.logon"),
    QUSER_IDLE_NONE("quser.idle.none"),
    QUSER_ERROR_NO_USER("quser.error.no_user"),
    QPROCESS_COL_USER("qprocess.col.user"),
    QPROCESS_COL_SESSION("qprocess.col.session"),
    QPROCESS_COL_ID("qprocess.col.id"),
    QPROCESS_COL_PID("qprocess.col.pid"),
    QPROCESS_COL_IMAGE("qprocess.col.image"),
    ERROR_BAD_FORMAT("error.bad_format"),
    ERROR_SESSION_REQUIRED("error.session_required"),
    RESET_ERROR_RESERVED("reset.error.reserved"),
    TSDISCON_ERROR_RESERVED("tsdiscon.error.reserved"),
    TSDISCON_V_DONE("tsdiscon.v.done"),
    TSCON_ERROR_RESERVED("tscon.error.reserved"),
    TSCON_ERROR_PASSWORD("tscon.error.password"),
    TSCON_ERROR_NO_CONNECTION("tscon.error.no_connection"),
    TSCON_ERROR_FAILED("tscon.error.failed"),
    TSCON_V_DONE("tscon.v.done"),
    HELP_QUERY_USER("help.query_user"),
    HELP_QUERY_PROCESS("help.query_process"),
    HELP_RESET("help.reset"),
    HELP_TSDISCON("help.tsdiscon"),
    HELP_TSCON("help.tscon"),
    MSG_ERROR_NO_RECIPIENT("msg.error.no_recipient"),
    MSG_ERROR_EMPTY("msg.error.empty"),
    MSG_ERROR_TOO_LONG("msg.error.too_long"),
    MSG_ERROR_TIME("msg.error.time"),
    MSG_ERROR_FILE("msg.error.file"),
    MSG_ERROR_EMPTY_FILE("msg.error.empty_file"),
    MSG_ERROR_RESERVED("msg.error.reserved"),
    MSG_V_SHOWN("msg.v.shown"),
    MSG_V_ACKNOWLEDGED("msg.v.acknowledged"),
    MSG_V_TIMED_OUT("msg.v.timed-out"),
    MSG_V_QUEUED("msg.v.queued"),
    MSG_V_FAILED("msg.v.failed"),
    MSG_W_SHOWN("msg.w.shown"),
    MSG_W_ACKNOWLEDGED("msg.w.acknowledged"),
    MSG_W_TIMED_OUT("msg.w.timed-out"),
    MSG_W_QUEUED("msg.w.queued"),
    MSG_W_FAILED("msg.w.failed"),
    HELP_MSG("help.msg"),
    CHANGE_LOGON_ERROR_ONE("change_logon.error.one"),
    CHANGE_LOGON_MODE_ENABLED("change_logon.mode.enabled"),
    CHANGE_LOGON_MODE_DISABLED("change_logon.mode.disabled"),
    CHANGE_LOGON_MODE_DRAIN("change_logon.mode.drain"),
    CHANGE_LOGON_MODE_DRAIN_UNTIL_RESTART("change_logon.mode.drain-until-restart"),
    /** {@code change logon /query /server:FARM}: one host's line, "{0}: {1}" with {1} its mode's sentence. */
    CHANGE_LOGON_HOST("change_logon.host"),
    /** The same for a host the directory shows lost (missed its lease). */
    CHANGE_LOGON_HOST_LOST("change_logon.host.lost"),
    /** The same for a host the directory shows stopped (a clean stop). */
    CHANGE_LOGON_HOST_STOPPED("change_logon.host.stopped"),
    /** A mode set with {@code /server:FARM}: the farm is no one host. */
    CHANGE_LOGON_ERROR_FARM("change_logon.error.farm"),
    LOGON_ERROR_DISABLED("logon.error.disabled"),
    LOGON_ERROR_DRAIN("logon.error.drain"),
    /** {@code farm.directory-required}: the farm's directory cannot be reached, so no new session. */
    LOGON_ERROR_FARM_DIRECTORY("logon.error.farm-directory"),
    LOGON_ERROR_DRAIN_UNTIL_RESTART("logon.error.drain-until-restart"),
    HELP_CHANGE_LOGON("help.change_logon"),
    LOGOFF_MASS_START("logoff.mass.start"),
    LOGOFF_MASS_PROGRESS("logoff.mass.progress"),
    LOGOFF_MASS_BAR("logoff.mass.bar"),
    LOGOFF_MASS_DONE("logoff.mass.done"),
    LOGOFF_ERROR_STATE("logoff.error.state"),
    LOGOFF_ERROR_STATE_NEEDS_ALL("logoff.error.state_needs_all"),
    LOGOFF_ERROR_MASS_FAILED("logoff.error.mass_failed");

    private final String key;

    MessageKey(String key) {
        this.key = key;
    }

    /** The key of the pattern in the bundles, and the name on the wire. */
    public String key() {
        return key;
    }

    public static MessageKey fromKey(String key) {
        for (MessageKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown message key: " + key);
    }
}
