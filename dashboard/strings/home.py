"""Cần xử lý (home page per role): what needs the signed-in person now."""

STRINGS: dict[str, tuple[str, str]] = {
    "page.home": ("Cần xử lý", "Needs attention"),
    "home.where": ("{unit} · cập nhật {time} ngày {date}", "{unit} · as of {time} on {date}"),
    "home.nothing": ("Không có việc gì cần xử lý.", "Nothing needs attention."),
    "home.more": ("… và {count} mục khác", "… and {count} more"),
    # counts at the top (short: they wrap on a phone)
    "home.metric.absent": ("Đang vắng", "Absent now"),
    "home.metric.offline": ("Mất tín hiệu", "Camera down"),
    "home.metric.incidents": ("Vắng mặt hôm nay", "Absences today"),
    "home.metric.explanations": ("Giải trình chờ", "Explanations waiting"),
    "home.metric.dress": ("Trang phục chờ", "Dress code waiting"),
    "home.metric.overdue": ("Hồ sơ quá hạn", "Overdue dossiers"),
    # desks now
    "home.now": ("Quầy đang vắng hoặc mất tín hiệu ({count})", "Desks absent or camera down now ({count})"),
    "home.now_none": ("Không có quầy nào đang vắng hay mất tín hiệu.", "No desk is absent or down now."),
    "home.desk_absent": ("{desk} · {unit} — vắng từ {time} ({duration})", "{desk} · {unit} — absent since {time} ({duration})"),
    "home.desk_offline": ("{desk} · {unit} — camera mất tín hiệu từ {time}", "{desk} · {unit} — camera down since {time}"),
    "home.desk_offline_unknown": ("{desk} · {unit} — camera mất tín hiệu", "{desk} · {unit} — camera down"),
    # today's incidents
    "home.today": ("Vắng mặt từ {minutes} phút hôm nay ({count})", "Absences of {minutes} min or more today ({count})"),
    "home.today_none": ("Hôm nay chưa có lần vắng mặt nào từ {minutes} phút.",
                        "No absence of {minutes} min or more today."),
    "home.incident_line": ("{desk} · {unit} — {start}–{end} ({duration})", "{desk} · {unit} — {start}–{end} ({duration})"),
    # explanations
    "home.explanations": ("Giải trình chờ quyết định ({count})", "Explanations waiting for a decision ({count})"),
    "home.explanations_none": ("Không có giải trình nào chờ quyết định.", "No explanation waits for a decision."),
    "home.explanation_line": ("{desk} · {unit} — {kind} ngày {day} lúc {time}, {author} giải trình ngày {written}",
                              "{desk} · {unit} — {kind} on {day} at {time}, explained by {author} on {written}"),
    "home.kind.absence": ("vắng mặt", "absence"),
    "home.kind.badge": ("không đeo thẻ", "no badge"),
    "home.kind.uniform": ("sai trang phục", "uniform"),
    # dress code queue
    "home.dress": ("Trang phục chờ xác nhận", "Dress code waiting for confirmation"),
    "home.dress_line": ("{violations} vi phạm và {samples} mẫu đạt chờ xác nhận",
                        "{violations} violations and {samples} passing samples to confirm"),
    "home.dress_none": ("Không có vi phạm trang phục nào chờ xác nhận.", "Nothing waits for confirmation."),
    # overdue dossiers
    "home.overdue": ("Hồ sơ quá hạn chưa giải quyết ({count})", "Overdue dossiers not resolved ({count})"),
    "home.overdue_none": ("Không có hồ sơ nào quá hạn.", "No overdue dossier."),
    "home.overdue_line": ("{unit} — {count} hồ sơ, hạn sớm nhất {date}", "{unit} — {count} dossiers, earliest due {date}"),
    # the provincial office
    "home.worst": ("Đơn vị cần chú ý tháng {month}", "Units to look at, {month}"),
    "home.worst_rules": (
        "Từ ngày {start} đến {end}. Phút vắng: tổng thời gian các lần vắng từ ngưỡng của đơn vị (không tính lần "
        "được miễn trừ) chia cho số quầy-ngày có camera theo dõi; trễ hạn: hồ sơ giải quyết quá hạn / hồ sơ đã "
        "giải quyết; vi phạm trang phục: các vi phạm được tính (đã xác nhận).",
        "From {start} to {end}. Absence minutes: the minutes of absences past the unit's threshold (excused ones "
        "left out) per desk-day watched by a camera; late: dossiers resolved late / dossiers resolved; dress "
        "code: violations that count (confirmed)."),
    "home.worst.absence": ("Nhiều phút vắng nhất", "Most absence minutes"),
    "home.worst.late": ("Tỷ lệ hồ sơ trễ hạn cao nhất", "Highest late share"),
    "home.worst.violations": ("Nhiều vi phạm trang phục nhất", "Most dress-code violations"),
    "home.worst_line.absence": ("{unit} — {value} phút vắng / quầy-ngày", "{unit} — {value} absence min per desk-day"),
    "home.worst_line.late": ("{unit} — {value} trễ hạn ({late}/{resolved})", "{unit} — {value} late ({late}/{resolved})"),
    "home.worst_line.violations": ("{unit} — {value} vi phạm", "{unit} — {value} violations"),
    "home.worst_none": ("Không đơn vị nào có số liệu này trong tháng.", "No unit has this figure this month."),
    # staff
    "home.my_day": ("Hôm nay của tôi", "My day"),
    "home.my_day_none": ("Hôm nay bạn không có lịch trực quầy.", "You are not rostered on a desk today."),
    "home.my_desk_line": ("{desk} · {unit} — {state}; có mặt {coverage} giờ làm việc; {incidents} lần vắng",
                          "{desk} · {unit} — {state}; present {coverage} of office time; {incidents} absences"),
    "home.to_explain": ("Vi phạm chưa giải trình ({count})", "Incidents without an explanation ({count})"),
    "home.to_explain_none": ("Không có vi phạm nào cần giải trình.", "No incident needs an explanation."),
    "home.to_explain_line": ("{desk} — {kind} ngày {day} lúc {time}", "{desk} — {kind} on {day} at {time}"),
    "home.my_waiting": ("Giải trình của tôi đang chờ quyết định ({count})", "My explanations waiting ({count})"),
    "home.decisions": ("Quyết định về vi phạm của tôi ({count})", "Decisions on my incidents ({count})"),
    "home.decisions_none": ("Chưa có quyết định nào trong {days} ngày qua.", "No decision in the last {days} days."),
    "home.decision_line": ("{desk} — {kind} ngày {day} lúc {time}: {action} ({author}, {written})",
                           "{desk} — {kind} on {day} at {time}: {action} ({author}, {written})"),
    "home.action.excuse": ("được miễn trừ", "excused"),
    "home.action.reject": ("giải trình không được chấp nhận", "explanation rejected"),
    "home.action.withdraw": ("miễn trừ bị rút lại", "excuse withdrawn"),
    "home.decision_reason": ("Lý do: {text}", "Reason: {text}"),
}
