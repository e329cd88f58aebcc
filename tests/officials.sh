#!/bin/sh
# The officials grammar, one shape of domain.md's table at a time, on real
# sentences (the seed, and People's Daily of January 1998).  Each expected
# line is "name titles", read off the sentence.
. "$TIFA_SRCDIR/tests/lib.sh"

# officials SENTENCE: the names found, with their titles, in text order.
officials() {
    printf '%s\n' "$1" | "$TIFA" matches -p officials - | awk -F'\t' 'NR > 1 { print $5, $9 }'
}

check_eq "title + name, and the boundary after it (刘伟主持 → 刘伟)" "刘伟 厅长" \
    "$(officials "厅长刘伟主持召开厅党组会议")"
check_eq "chain of titles + name" "刘伟 党组书记、厅长" \
    "$(officials "61日下午，省生态环境厅党组书记、厅长刘伟主持召开厅党组会议")"
check_eq "organisation + titles + name" "江泽民 总书记、国家主席、主席" \
    "$(officials "中共中央总书记、国家主席、中央军委主席江泽民在茶话会上发表重要讲话")"
check_eq "title + names joined by 、 (马云出席 → 马云)" "林奇昌 副厅长
马健 副厅长
赵振伟 副厅长
马云 副厅长" "$(officials "副厅长林奇昌、马健、赵振伟、马云出席会议。")"
check_eq "titles + title + names" "孟凡领 组长、党组成员
林奇昌 党组成员、副厅长
马健 党组成员、副厅长" \
    "$(officials "驻厅纪检监察组组长、厅党组成员孟凡领，厅党组成员、副厅长林奇昌、马健出席会议。")"
check_eq "name + title" "江泽民 主席" "$(officials "全军要认真贯彻落实江泽民主席最近的重要指示精神")"
check_eq "name + 同志" "邓小平 " "$(officials "中国人民决心继承邓小平同志的遗志")"
check_eq "name + 同志 inside a slogan" "习近平 " \
    "$(officials "始终在思想上政治上行动上同以习近平同志为核心的党中央保持高度一致")"
check_eq "title + foreign name" "克林顿 总统" \
    "$(officials "同美国总统克林顿就中东和平进程问题举行会谈")"
check_eq "organisation + deputy title + name" "邹家华 副总理" \
    "$(officials "国务院副总理邹家华到会祝贺")"
check_eq "a name inside a slogan is not a mention" "" \
    "$(officials "深入学习贯彻习近平生态文明思想")"
check_eq "记者 is not an office" "" \
    "$(officials "新华社记者朱幼棣、本报记者陈维伟报道")"
check_eq "a grade before the title" "迟晓德 二级巡视员
陈家厚 二级巡视员" "$(officials "厅二级巡视员迟晓德、陈家厚，厅机关各处室列席会议。")"

# Cases the People's Daily evaluation taught (tests/eval): each sentence is
# from the 1998 corpus, each answer read off it.
check_eq "a date right after a name (于永波日前)" "于永波 主任" \
    "$(officials "总政治部主任于永波日前在会见全军和武警部队代表时说")"
check_eq "a two-character name before a word that may follow it (李鹏向)" "李鹏 国务院总理" \
    "$(officials "国务院总理李鹏向会议发来贺信。")"
check_eq "three characters when nothing tells (钱其琛圆满)" "钱其琛 外交部长" \
    "$(officials "外交部长钱其琛圆满结束了访问")"
check_eq "a foreign name before its title is the whole name (克林顿, not 林顿)" "克林顿 总统" \
    "$(officials "做好克林顿总统访华的准备")"
check_eq "a foreign title and a foreign name with a date after it" "沃勒贝克 外交大臣" \
    "$(officials "挪威外交大臣沃勒贝克６日在耶路撒冷证实了")"
check_eq "a chain of five, and the next title" "傅全有 委员
于永波 委员
王克 委员
王瑞林 委员
何椿霖 秘书长" "$(officials "委员傅全有、于永波、王克、王瑞林，全国人大常委会秘书长何椿霖")"
check_eq "a surname with a title, alone: a leader rule names him (毛主席 is 毛泽东)" "毛泽东 主席" \
    "$(officials "瞻仰厅里，水晶棺中毛主席的遗体覆盖着党旗")"
check_eq "a title several people held stays as written (李总理, 新闻联播 2013-10-13)" "李总理 总理" \
    "$(officials "热烈欢迎李总理访泰")"
out=$(printf '周恩来同志逝世后，人们怀念周总理。\n' | "$TIFA" matches -p officials - |
      awk -F'\t' 'NR > 1 { print $5, $6, $9 }')
check_eq "a surname with a title, linked to the full name the text gave" "周恩来 周恩来 
周恩来 周 总理" "$out"
check_eq "a country before a title is not a name (马耳他总统)" "" \
    "$(officials "马耳他总统会见钱其琛")"
# Not-name words are looked up around a name's start, not matched left to
# right: 丹麦 covers 麦 although 苏丹 comes first (新闻联播 2022-12-08), and
# 关于 covers 于 (新闻联播 2013-01-16).
check_eq "a name starting inside any not-name word, even one overlapping another (苏丹麦洛维大坝)" "" \
    "$(officials "中央银行新总部大楼、苏丹麦洛维大坝、罗赛雷斯大坝加高工程")"
check_eq "a surname inside a not-name word (关于总理)" "" \
    "$(officials "巴基斯坦方面没有关于总理被捕的消息。")"
# 新闻秘书 before a foreign name (about 300 times in 新闻联播; 佩斯科夫 was
# found 5 times, as 发言人, before it was a title).
check_eq "新闻秘书 + foreign name (新闻联播 2019-02-23)" "佩斯科夫 新闻秘书" \
    "$(officials "俄罗斯总统新闻秘书佩斯科夫22日表示，俄罗斯高度关注美国在这一问题上的立场变化。")"
check_eq "新闻秘书 + two-character foreign name (新闻联播 2022-01-19)" "瓦里 新闻秘书" \
    "$(officials "哈萨克斯坦总统新闻秘书瓦里18日表示，自当地时间19日零时起，包括首都努尔苏丹、最大城市阿拉木图市等在内的哈萨克斯坦7个地区解除紧急状态。")"

# Shapes that the patterns, rewritten for speed, must keep (新闻联播).
check_eq "two characters before three when both are followed by a word that may follow a name (马凯一同)" \
    "马凯 国务委员、秘书长" "$(officials "国务委员兼国务院秘书长马凯一同考察。")"
check_eq "a foreign name of two characters and a · before its title (劳尔·卡斯特罗主席)" \
    "劳尔·卡斯特罗 主席" \
    "$(officials "习近平请迪亚斯－卡内尔转达对劳尔·卡斯特罗主席和菲德尔·卡斯特罗同志的诚挚问候")"

# Titles the text gives as past (新闻联播): the mark goes before every title
# of the chain, and no name starts inside it (时任国家副主席 is not 任国家).
check_eq "时任 before an organisation and a title (2023-01-31)" "习近平 时任副主席" \
    "$(officials "2009年10月，时任国家副主席习近平访问匈牙利期间，曾到匈中双语学校考察。")"
check_eq "前 right before a title, and a present title beside it (2012-12-11)" "李克强 副总理
卡特 前总统" \
    "$(officials "央视网消息(新闻联播)：国务院副总理李克强11日在中南海紫光阁会见美国前总统卡特。")"
# 原 and 前 before an organisation too, where it ends as one does.
check_eq "原 before an organisation and a title (2013-07-08)" "刘志军 原部长" \
    "$(officials "央视网消息（新闻联播）：今天上午，原铁道部部长刘志军受贿、滥用职权案在北京市第二中级人民法院一审宣判。")"
check_eq "前 before an organisation whose title starts with 部 (2012-12-03)" "鲍尔森 前部长" \
    "$(officials "王岐山会见美国前财政部长鲍尔森")"
check_eq "原 before a province and a prefecture (2014-04-07)" "杨善洲 原书记" \
    "$(officials "”这是原云南省保山地委书记杨善洲墓志铭上的一段话。")"
check_eq "前 of a place is not a mark (2016-09-09)" "通伦 总理
李克强 国务院总理" \
    "$(officials "央视网消息（新闻联播）：当地时间8日下午，老挝总理通伦在总理府前广场举行仪式欢迎国务院总理李克强对老挝进行正式访问。")"
check_eq "原 before a chain of titles (2023-01)" "张务锋 原党组成员、原局长" \
    "$(officials "2022年12月30日，中央纪委国家监委对外通报，国家发展改革委原党组成员、国家粮食和物资储备局原局长张务锋严重违纪违法被开除党籍和公职。")"
check_eq "以 + 前总理 is still a former prime minister (2014)" "英拉 前总理" \
    "$(officials "泰国最高法院今天经过近6个小时的审理，以前总理英拉在大米收购项目执行中渎职、纵容腐败的罪名判处其5年监禁。")"

# 新闻联播 2023: names the patterns cut or invented before (a review of the
# year's 400 most-mentioned names), each a sentence of that year.
check_eq "普京: 京 is a transliteration character (2023-01-05)" "普京 总统" \
    "$(officials "俄罗斯总统普京4日宣布，装备了“锆石”高超音速导弹和其他最新型武器的俄海军“戈尔什科夫海军元帅”号护卫舰开始远航。")"
check_eq "a foreign mayor after 市长 (2023-08-09)" "索比亚宁 市长" \
    "$(officials "莫斯科市长索比亚宁今天（8月9日）表示，两架军用无人机今天凌晨试图飞向莫斯科，均被俄防空系统击落。")"
check_eq "通电话 follows a name (埃尔多安, not 埃尔多安通) (2023-05-30)" "塞西 总统
埃尔多安 总统" \
    "$(officials "埃及总统府29日发表声明说，埃及总统塞西与土耳其总统埃尔多安通电话，两国领导人同意加强双边合作，立即提升两国外交关系并互派大使。")"
check_eq "应 before 国家主席 is not a name (应国家), and a long foreign name whole (2023-01-05)" \
    "习近平 国家主席
谢尔达尔·别尔德穆哈梅多夫 总统" \
    "$(officials "央视网消息（新闻联播）：应国家主席习近平邀请，土库曼斯坦总统谢尔达尔·别尔德穆哈梅多夫将于1月5日至6日对中国进行国事访问。")"
check_eq "美联储主席: 储 is not a surname there (2023-09-21)" "鲍威尔 主席" \
    "$(officials "美联储主席鲍威尔称，控制通胀“还有很长的路要走”。")"
check_eq "有关领导同志 names nobody (2023-03-02)" "" \
    "$(officials "有关领导同志每年向党中央和总书记书面述职一次，就增强“四个意识”、坚定“四个自信”、做到“两个维护”、履行全面从严治党责任、贯彻落实党中央决策部署、推进本职工作、廉洁自律情况作出报告，是加强和维护党中央集中统一领导的重要制度安排。")"

# Older prose (government work reports, bundled): words that begin where a
# name would, numbers before a name, a foreign name in full.
check_eq "a foreign name before 同志, whole (1957)" "伏罗希洛夫 主席" \
    "$(officials "不久以前，苏联最高苏维埃主席团主席伏罗希洛夫同志和捷、波两国总理对我国的访问")"
check_eq "a date before a name is not part of it (２７日毛泽东主席, 1957)" "毛泽东 主席" \
    "$(officials "正是因为这样，１９５７年２月２７日毛泽东主席在最高国务会议第十一次扩大会议上的报告中，特别指示我们要善于分辨敌我之间的和人民内部的两类性质不同的矛盾")"
check_eq "工农红军长征 names no 军长 (2017)" "" \
    "$(officials "隆重庆祝中国共产党成立95周年，隆重纪念中国工农红军长征胜利80周年")"

# 高 is a surname (新闻联播 2023), and the words it starts are not names.
check_eq "高 as a surname after a title (2023-11-12)" "高朋 副市长" \
    "$(officials "北京市副市长高朋代表北京市政府，分别向孙中山先生塑像敬献花篮。")"
check_eq "高声 is no name before 总书记 (2023-11-10)" "" \
    "$(officials "临别时，村民们高声向总书记问好。")"

# Two-character foreign names before a title, where a name can start.
check_eq "佐科总统 after 和 (2023-09-05)" "习近平 主席
佐科 总统" \
    "$(officials "李强指出，近年来，在习近平主席和佐科总统战略引领下，中国同印尼关系快速发展，树立了发展中国家联合自强、团结合作、携手发展的典范。")"
check_eq "a place after 在 is no name (在东京首相官邸, 2023-07-23)" "" \
    "$(officials "央视网消息（新闻联播）：部分日本民众日前在东京首相官邸前举行集会，坚决反对日本政府强推福岛核污染水排放入海计划。")"

# 和 ends some names (魏凤和, 罗富和, 康京和): a name is not cut before a 和
# that punctuation or a predicate follows; 和 as "and" still splits names.
check_eq "魏凤和 whole, and the chain after him (2017-10-26)" "常万全 国务委员、部长
魏凤和 委员
李作成 委员
苗华 委员
张升民 委员
马晓天 " \
    "$(officials "国务委员兼国防部长常万全和中央军委委员魏凤和、李作成、苗华、张升民以及赵克石、吴胜利、马晓天同志出席会议。")"
check_eq "罗富和 before 一同 (2012-09-03)" "汪洋 政治局委员、书记
罗富和 副主席" \
    "$(officials "中共中央政治局委员、广东省委书记汪洋，全国政协副主席罗富和一同观看演出。")"
check_eq "康京和 before 、 (2019-08-22)" "李克强 国务院总理
康京和 外长
河野太郎 外相" \
    "$(officials "国务院总理李克强22日在人民大会堂会见韩国外长康京和、日本外相河野太郎。")"
# Before a title, a name's last 和 is "and", and the title the next name's
# (before the fix: 蔡奇和 市长、政治局委员、书记; 高克和 总理、总统).
check_eq "蔡奇 and 市长陈吉宁 (2019-02-02)" "蔡奇 政治局委员、书记
陈吉宁 市长" \
    "$(officials "2月1日，习近平在中共中央政治局委员、北京市委书记蔡奇和市长陈吉宁陪同下，深入机关、社区、冬训中心考察调研，给基层干部群众送去党中央的关心和慰问。")"
check_eq "总统高克 and 总理默克尔 (2014-03-14, from the middle of the sentence)" "高克 总统
默克尔 总理
菲利普 国王
习近平 国家主席" \
    "$(officials "德意志联邦共和国总统高克和总理默克尔、比利时王国国王菲利普邀请，国家主席习近平将于3月22日至4月1日对荷兰、法国、德国、比利时进行国事访问。")"
check_eq "和 as and still ends 贾庆林 (2012-07-28)" "贾庆林 政治局常委、主席
吴伯雄 主席" \
    "$(officials "中共中央政治局常委、全国政协主席贾庆林和中国国民党荣誉主席吴伯雄出席开幕式并致辞。")"

# 前 and 原 mark a former title only right before a title, and start no name.
check_eq "前 starts no name, 前国务卿 is a former title (2015-11-02)" "舒尔茨 前国务卿" \
    "$(officials "以及前国务卿舒尔茨、前财政部长鲁宾、前贸易代表希尔斯、前参议院军委会主席纳恩。" |
       grep -e '^舒尔茨' -e '^前')"
check_eq "之前原农业部长 names no 前原农业 (2015-09-13)" "" \
    "$(officials "据埃及媒体报道，此次总理与内阁请辞很可能与之前原农业部长腐败案有关。" | grep '^[前原]')"

# Appointments and removals read out at the NPC's sessions.
check_eq "任命 and 免去 name the officials (2023-07-25)" "秦刚 部长
王毅 部长
易纲 行长
潘功胜 行长" \
    "$(officials "会议经表决，决定免去秦刚兼任的外交部部长职务，任命王毅为外交部部长，免去易纲的中国人民银行行长职务，任命潘功胜为中国人民银行行长。")"
check_eq "任命 without a name names nobody (2013-02-26)" "阿卜杜拉 国王" \
    "$(officials "阿卜杜拉国王1月11号任命包括女学者、女性王室成员在内的30名女性为议员。")"

# 新闻联播 2013: words that end in a surname before a title (中方主席, 常委班子).
check_eq "中方主席王岐山 is 王岐山, not 方主席 (2013-02-19)" "王岐山 副总理、主席
谢钦 秘书长" \
    "$(officials "央视网消息(新闻联播)：国务院副总理、中俄能源合作委员会中方主席王岐山17日在北京会见并宴请俄罗斯总统能源发展战略和生态安全委员会秘书长谢钦。")"
check_eq "常委班子 names nobody (2013-09-25)" "" \
    "$(officials "习近平在讲话中对河北省委常委班子专题民主生活会给予肯定。")"

# Foreign names joined by hyphens (新闻联播 writes both 迪亚斯-卡内尔 and
# 劳尔·卡斯特罗), whole, and no name before 大使馆.
check_eq "a hyphenated foreign name after its title (2019-01-01)" "迪亚斯-卡内尔 主席" \
    "$(officials "习近平在致迪亚斯-卡内尔主席的贺电中表示，古巴党和人民正致力于进一步更新和完善社会主义制度，古巴社会主义事业必将实现新发展。")"
check_eq "four hyphenated parts, and 因病 after the name (2013-03-06)" "胡锦涛 国家主席
乌戈-拉斐尔-查韦斯-弗里亚斯 总统
马杜罗 代总统" \
    "$(officials "央视网消息(新闻联播)：本台消息：国家主席胡锦涛6日就委内瑞拉玻利瓦尔共和国总统乌戈-拉斐尔-查韦斯-弗里亚斯因病逝世，向委内瑞拉代总统马杜罗致唁电。")"
check_eq "威廉-亚历山大 whole (2018-01-30)" "威廉-亚历山大 国王" \
    "$(officials "## 应习近平邀请 荷兰国王威廉-亚历山大将访华")"
check_eq "no name before 大使馆 (2013-11-20)" "" \
    "$(officials "央视网消息(新闻联播)：“基地”组织分支宣称19号在伊朗驻黎巴嫩首都贝鲁特大使馆附近制造了两起袭击事件，截至目前已造成25人死亡，150人受伤。")"

# Bylines and captions with spaces between the title and the name: the
# government work reports (U+2002 in 2024, U+3000 in 2006, no-break spaces
# in 2014) and 新闻联播's interview captions; but not the space between two
# parts of a headline.
en_space=$(printf '\342\200\202')
check_eq "a byline, title and name apart (gov-work-report 2024)" "李强 国务院总理" \
    "$(officials "国务院总理${en_space}李强")"
check_eq "a byline with ideographic spaces (gov-work-report 2006)" "温家宝 国务院总理" \
    "$(officials "国务院总理　温家宝　　各位代表：")"
check_eq "各位 may follow a two-character name (gov-work-report 1989)" "李鹏 国务院总理" \
    "$(officials "国务院总理李鹏各位代表：")"
check_eq "a caption, the name alone on its line (新闻联播 2013-12-26)" "王毅 部长" \
    "$(officials "外交部部长　王毅")"
check_eq "a caption, the name before a colon (新闻联播)" "李立国 部长" \
    "$(officials "民政部部长 李立国：加快")"
check_eq "two parts of a headline are not title and name (新闻联播 2021-03-23)" "" \
    "$(officials "## 习近平致电祝贺通伦当选老挝国家主席 李克强致电祝贺潘坎当选老挝政府总理" | grep '^李克强')"

# After a name, 特使, 发言人 and 新闻秘书 are that person's envoy or
# spokesman, not the person's title.
check_eq "习近平特使 is 习近平's envoy (新闻联播 2014-09-12)" "习近平 国家主席
张高丽 特使、副总理" \
    "$(officials "央视网消息(新闻联播)：本台消息：应联合国秘书长潘基文邀请，国家主席习近平特使、国务院副总理张高丽将出席9月23日在美国纽约联合国总部举行的联合国气候峰会。" | grep -v '^潘基文')"
check_eq "塔利班发言人: 塔利班 is no person (新闻联播 2021-08-09)" "穆贾希德 发言人" \
    "$(officials "阿富汗塔利班发言人穆贾希德8日称，当天塔利班共攻占三个省的首府。")"

# Transliteration characters the list lacked: 翰 and 逊 (约翰逊), 思.
check_eq "约翰逊 whole (新闻联播 2019-09-05)" "约翰逊 首相" \
    "$(officials "英国首相约翰逊随后提出动议要求于10月15日提前举行大选，但未获通过。")"
check_eq "鲍里斯·约翰逊 whole (新闻联播 2016-07-14)" "鲍里斯·约翰逊 外交大臣" \
    "$(officials "特雷莎·梅当天还任命了新内阁的核心成员，包括财政大臣哈蒙德，外交大臣鲍里斯·约翰逊，以及新创设的“脱欧”事务大臣戴维·戴维斯。" | grep '^鲍里斯')"
check_eq "马丁·格里菲思 whole (新闻联播 2018-03-21)" "哈迪 总统
马丁·格里菲思 特使" \
    "$(officials "央视网消息（新闻联播）：也门总统哈迪20日在沙特首都利雅得的居所内首次会见新任联合国也门问题特使马丁·格里菲思，就重启联合国主导的也门各方和谈进行磋商。")"

# A country's long name is no foreign name in a chain (法兰西共和国总统).
check_eq "法兰西 and 德意志 before 共和国 are countries (新闻联播 2014-03-22)" "威廉-亚历山大 国王
奥朗德 总统
高克 总统
默克尔 总理" \
    "$(officials "习近平还将应荷兰王国国王威廉-亚历山大、法兰西共和国总统奥朗德、德意志联邦共和国总统高克和总理默克尔、比利时王国国王菲利普邀请对上述四国进行国事访问，" | grep -v '^菲利普')"

# 因涉嫌 after a foreign name: the name ends before 因 (希拉勒, 卢拉).
check_eq "原农业部长希拉勒因涉嫌 is 希拉勒 (新闻联播 2015-09-13)" "希拉勒 原部长" \
    "$(officials "本月7号，原农业部长希拉勒因涉嫌腐败被捕，该腐败案可能还牵涉多名内阁成员。")"

# An appointment's title keeps its 副 (任命…为最高人民法院副院长 gave 院长).
check_eq "任命…为最高人民法院副院长: 副院长 (新闻联播 2013-10-25)" "李少平 副院长
贺荣 副院长" \
    "$(officials "会议经表决，任命李少平、贺荣为最高人民法院副院长。")"
# 林郑 is a double-barrelled surname, as 陈冯 and 范徐 (林郑月娥, not 林郑月).
check_eq "林郑月娥 whole (新闻联播 2017-04-11)" "习近平 国家主席
林郑月娥 行政长官" \
    "$(officials "央视网消息(新闻联播)：国家主席习近平11日下午在中南海瀛台会见了新当选并获中央政府任命的香港特别行政区第五任行政长官林郑月娥。")"
# 习总书记 is 习近平, as 习主席 is (a leader rule).
check_eq "习总书记 is 习近平 (新闻联播 2012-12-01)" "习近平 总书记" \
    "$(officials "常年从事多国政治发展比较研究的学者房宁对习总书记的讲话中“道路决定命运”的论断很有共鸣。")"

# Appointment notices: the name, 同志任, the office; the title that ends
# it.  A retold career (a month and a comma before the name) is not one.
check_eq "李强同志任江苏省委委员、常委、书记; 不再担任 gives none (新闻联播 2016-06-30)" "李强 书记
罗志军 " \
    "$(officials "李强同志任江苏省委委员、常委、书记；罗志军同志不再担任江苏省委书记、常委、委员职务。")"
check_eq "a retold career gives no title (新闻联播 2020-01-03)" "习近平 " \
    "$(officials "1988年6月至1990年4月，习近平同志任福建宁德地委书记。")"

# 当选, 新当选 and 候任 mark a title not yet held, as 前 marks one held before.
check_eq "新当选总统特朗普 is the president-elect (新闻联播 2016-11-12)" "特朗普 新当选总统" \
    "$(officials "但美国新当选总统特朗普在竞选期间，明确表示反对美国加入TPP协议，指责TPP将摧毁美国制造业。")"

# 作的 after a name: the report the person made (王晨作 had 45 mentions).
check_eq "王晨作的关于…的报告 is 王晨 (新闻联播 2013-06-28)" "王晨 副委员长、秘书长" \
    "$(officials "听取了全国人大常委会副委员长兼秘书长王晨作的关于个别代表的代表资格的报告、任免案审议情况的汇报。")"
# Japanese names: the shortest given name a following word confirms, else
# two characters, or a given name that ends in 郎 or 夫 (安倍晋 had 53
# mentions, 安倍晋三共 12: 安倍晋三共同…).
check_eq "安倍晋三否认: a four-character Japanese name (新闻联播 2013-04-30)" "安倍晋三 首相" \
    "$(officials "以及日本首相安倍晋三否认侵略历史的言论进行了谴责。")"
check_eq "安倍晋三共同: the given name a word confirms (新闻联播 2016-12-17)" "普京 总统
安倍晋三 首相" \
    "$(officials "俄罗斯总统普京当天与日本首相安倍晋三共同召开记者会，普京在记者会上简要回顾了日俄战争后双方的领土交割史。")"
check_eq "桥本龙太郎年前: a given name in 郎 (人民日报 1998-01-02)" "桥本龙太郎 首相" \
    "$(officials "日本首相桥本龙太郎年前在首相官邸举行的新年记者招待会上强调，在新的一年里，要通过稳定金融体系使国家经济回到复苏轨道上来。")"
check_eq "鸠山由纪夫在内: a given name in 夫 (新闻联播 2012-07-02)" "鸠山由纪夫 前首相" \
    "$(officials "在表决提高消费税率法案时，包括小泽一郎、前首相鸠山由纪夫在内的57名民主党众议员投了反对票。")"
check_eq "田中中将: a two-character name before a rank (新闻联播 2014-05-20)" "田中 副司令员" \
    "$(officials "中方演习总导演、海军副司令员田中中将报告，演习各项准备工作就绪。")"
# Countries and words that read as a surname and a name.
check_eq "苏里南 is a country (新闻联播 2013-06-03)" "习近平 国家主席
拉莫塔 总统
鲍特瑟 总统
斯凯里特 总理" \
    "$(officials "国家主席习近平当地时间2日在特立尼达和多巴哥首都西班牙港分别会见圭亚那总统拉莫塔、苏里南总统鲍特瑟、多米尼克总理斯凯里特。")"
check_eq "共同主席国 is a country's office, no person's (新闻联播 2013-03-26)" "" \
    "$(officials "南非是中非合作论坛非方共同主席国，中方愿同南方加强在非洲事务中合作。")"
check_eq "主席国防 is 主席 + 国防 (新闻联播 2015-05-21)" "习近平 主席" \
    "$(officials "全面学习、理解和掌握习近平主席国防和军队建设重要论述")"
check_eq "热情向总书记问好: 热 is no surname there (新闻联播 2015-04-03)" "" \
    "$(officials "正在这里植树的群众看到总书记来了，热情向总书记问好。")"
# A name does not end in 党: 方向党主席 is a party's chairman (方向党 had 5
# mentions, 荣党 of 繁荣党 7), 长江村党委书记 a village's secretary.
check_eq "方向党主席、总理菲佐: the party is no person (新闻联播 2012-11-26)" "菲佐 主席、总理" \
    "$(officials "斯洛伐克方向党主席、总理菲佐在贺函中说，谨对您当选中共中央总书记致以最热烈的祝贺。")"
check_eq "长江村党委书记郁霞秋 (新闻联播 2014-02-28)" "郁霞秋 党委书记" \
    "$(officials "全国三八红旗手标兵代表、江苏省张家港市金港镇长江村党委书记郁霞秋")"
# Foreign names of up to eight characters, not started inside the verb
# before them (出席, 感谢, 转达: 席乌兹别克斯坦, 谢拉赫蒙, 达米尔济约耶夫).
check_eq "别尔德穆哈梅多夫总统, eight characters (新闻联播 2013-09-03)" "别尔德穆哈梅多夫 总统" \
    "$(officials "我期待着同别尔德穆哈梅多夫总统举行会谈，就深化两国友好合作以及共同关心的国际和地区问题深入交换意见，并签署重要政治文件。")"
check_eq "出席乌兹别克斯坦总统: no name (新闻联播 2022-09-15)" "" \
    "$(officials "## 习近平出席乌兹别克斯坦总统举行的欢迎仪式")"
check_eq "感谢拉赫蒙总统 (新闻联播 2019-06-16)" "拉赫蒙 总统" \
    "$(officials "习近平感谢拉赫蒙总统和塔方的热情周到接待，祝贺塔方成功举办亚信峰会。")"
check_eq "转达米尔济约耶夫总统 (新闻联播 2019-08-28)" "米尔济约耶夫 总统
习近平 主席" \
    "$(officials "阿里波夫转达米尔济约耶夫总统对习近平主席的诚挚问候和崇高敬意。")"
# 老同志 are veterans, not a name and 同志 (老战士老同志 gave 战士老).
check_eq "老战士老同志: no name (新闻联播 2017-06-23)" "" \
    "$(officials "参观结束时，习近平同晋绥边区的老战士老同志代表一一握手，亲切交谈。")"
check_eq "李强乘包机 is 李强 (新闻联播 2023-06-19)" "李强 国务院总理
朔尔茨 总理" \
    "$(officials "央视网消息（新闻联播）：18日下午，国务院总理李强乘包机离开北京，应德国总理朔尔茨和法国政府邀请，赴德国举行第七轮中德政府磋商并对德进行正式访问。")"
check_eq "特立尼达和多巴哥总理: a country (新闻联播 2013-06-02)" "习近平 国家主席
比塞萨尔 总理" \
    "$(officials "央视网消息(新闻联播)：国家主席习近平1日在西班牙港同特立尼达和多巴哥总理比塞萨尔举行会谈。")"
check_eq "总统权力: no name (新闻联播 2012-11-24)" "" \
    "$(officials "近万名埃及人23号在开罗解放广场举行示威，抗议新宪法声明干预司法，扩张总统权力。")"
# From a review of the names over 新闻联播 (each read against the text):
# Mongolian names and others with characters the list lacked, words before
# and after a title, country abbreviations, 任 and 应, places, and 和.
check_eq "呼日勒苏赫总统 (新闻联播 2022-02-06)" "习近平 主席
呼日勒苏赫 总统" \
    "$(officials "习近平主席同呼日勒苏赫总统保持经常性沟通。")"
check_eq "考文垂 (新闻联播 2025-12-23)" "考文垂 主席" \
    "$(officials "国际奥委会主席考文垂以视频形式祝贺活动成功举办。")"
check_eq "银监会主席尚福林: 银监会 is no name (新闻联播 2015-08-24)" "尚福林 主席" \
    "$(officials "受国务院委托，银监会主席尚福林作了说明。")"
check_eq "齐声向总书记问好: no name (新闻联播 2016-02-03)" "" \
    "$(officials "总书记到村里的消息迅速传开，村民们聚集到村口，齐声向总书记问好。")"
check_eq "习近平总书记庄严宣告: no 庄严宣 (新闻联播 2021-08-10)" "习近平 总书记" \
    "$(officials "央视网消息（新闻联播）：今年7月1日，习近平总书记庄严宣告中国全面建成小康社会。")"
check_eq "地处长江上游: 处长 + 江上游 is no name (新闻联播 2015-10-24)" "" \
    "$(officials "央视网消息（新闻联播）：地处长江上游的四川，十多年来通过植树造林，基本建成长江上游生态屏障，社会生态效益日益凸显。")"
check_eq "黎总理 is Lebanon's (新闻联播 2017-11-13)" "" \
    "$(officials "滞留沙特的黎总理称即将回国")"
check_eq "万钢作主题发言 (新闻联播 2020-07-24)" "万钢 副主席" \
    "$(officials "全国政协副主席万钢作主题发言。")"
check_eq "李强监誓 (新闻联播 2023-12-08)" "李强 国务院总理" \
    "$(officials "国务院总理李强监誓。")"
check_eq "奥巴马特别代表国务卿克里 (新闻联播 2015-06-25)" "习近平 主席
杨洁篪 国务委员
奥巴马 总统
克里 国务卿" \
    "$(officials "习近平主席特别代表国务委员杨洁篪与美国总统奥巴马特别代表国务卿克里共同主持战略对话。")"
check_eq "在任总统: no name (新闻联播 2016-02-21)" "" \
    "$(officials "这将是80多年来美国在任总统首次访问古巴。")"
check_eq "第103任首相: no name (新闻联播 2024-11-11)" "" \
    "$(officials "石破茂当选日本第103任首相")"
check_eq "委员长任组长 (新闻联播 2016-04-12)" "张德江 委员长" \
    "$(officials "此次执法检查由张德江委员长任组长。")"
check_eq "安提瓜和巴布达总督 (新闻联播 2013-05-18)" "格布扎 总统
莱克-塔克 总督
萨马拉斯 总理" \
    "$(officials "莫桑比克总统格布扎、安提瓜和巴布达总督莱克-塔克、希腊总理萨马拉斯等分别在开幕式上致辞。")"
check_eq "应普京总统邀请 (新闻联播 2014-02-09)" "普京 总统" \
    "$(officials "习近平表示，很高兴应普京总统邀请出席索契冬奥会开幕式。")"
check_eq "乘车抵达总统府 (新闻联播 2024-07-03)" "托卡耶夫 总统" \
    "$(officials "习近平乘车抵达总统府时，托卡耶夫总统热情迎接。")"
check_eq "罗富和等 (新闻联播 2014-09-01)" "罗富和 副主席" \
    "$(officials "全国政协副主席罗富和等出席欢迎仪式。")"
# 为 may follow a name (为会议题词, 为首): 李鹏为 and 羽田孜为 were no names.
check_eq "李鹏为会议题了词 (人民日报 1998-01-13)" "李鹏 国务院总理
吴邦国 副总理" \
    "$(officials "国务院总理李鹏为会议题了词，吴邦国副总理发来贺信。")"
check_eq "前首相羽田孜为首 (人民日报 1998-01-07)" "羽田孜 前首相
细川 前首相" \
    "$(officials "到目前为止，“国民之声”、前首相羽田孜为首的太阳党和前首相细川为首的“从五开始”已同意联为新党。")"
# From a review of the long tail (names of 2 to 4 mentions over 新闻联播).
check_eq "总书记曾多次强调: no 曾多次 (新闻联播 2016-10-25)" "习近平 总书记" \
    "$(officials "习近平总书记曾多次强调：全面从严治党，必须全方位扎紧制度的笼子。")"
check_eq "感谢习主席祝贺我当选: no 祝贺我 (新闻联播 2016-11-14)" "习近平 主席" \
    "$(officials "特朗普表示，感谢习主席祝贺我当选美国总统。")"
check_eq "塞尔焦·马塔雷拉 whole (新闻联播 2017-02-14)" "习近平 国家主席
塞尔焦·马塔雷拉 总统" \
    "$(officials "央视网消息(新闻联播)：应国家主席习近平邀请，意大利共和国总统塞尔焦·马塔雷拉将于2月21日至26日对我国进行国事访问。")"
check_eq "吉尔·彼得森 whole (新闻联播 2022-05-23)" "梅克达德 外交部长
吉尔·彼得森 特使" \
    "$(officials "叙利亚外交部长梅克达德22日在首都大马士革会见了到访的联合国秘书长叙利亚问题特使吉尔·彼得森。")"
check_eq "克里米亚总理: a place (新闻联播 2014-03-18)" "阿克肖诺夫 总理" \
    "$(officials "17号，克里米亚总理阿克肖诺夫率团前往俄罗斯，正式要求入俄。")"
check_eq "新一任巴西总统: no 任巴西 (新闻联播 2018-10-29)" "" \
    "$(officials "博索纳罗获得选举的胜利，当选为新一任巴西总统。")"
check_eq "苏荣严重违纪: 苏荣 (新闻联播 2015-02-16)" "苏荣 原副主席" \
    "$(officials "全国政协原副主席苏荣严重违纪违法被开除党籍和公职")"
check_eq "福建龙岩市长汀县: no 市长 (新闻联播 2016-04-14)" "" \
    "$(officials "为纪念长征胜利80周年，电视剧《绝命后卫师》今天在福建龙岩市长汀县开拍。")"
check_eq "苏丹东方卫视: the country (新闻联播 2013-12-13)" "" \
    "$(officials "由中央电视台和苏丹东方卫视共同举办的中国电视周本周二在苏丹首都喀土穆开幕。")"
check_eq "史书记载: no 书记 (新闻联播 2017-06-22)" "" \
    "$(officials "史书记载，三里河形成于明代，清中晚期被掩埋。")"
check_eq "叶刘淑仪, a double-barrelled surname (新闻联播 2019-11-29)" "叶刘淑仪 主席" \
    "$(officials "香港新民党主席叶刘淑仪表示，香港的高度自治运作良好，人权得到充分保障。")"
# A chain of titles stops at a title that the name before it holds: 亲王
# of 费萨尔亲王 is not 鲁梅延's (he was 亲王、大臣).  A "name" inside the
# names a title gives holds nothing (总督格林和代总理: 林和代), so 伯克 is
# still 代总理 and 部长.
check_eq "费萨尔亲王、…大臣鲁梅延: 亲王 is 费萨尔's (新闻联播 2022-12-08)" "费萨尔 省长、亲王
费萨尔 外交大臣、亲王
鲁梅延 大臣" \
    "$(officials "沙特利雅得省省长费萨尔亲王、外交大臣费萨尔亲王、中国事务大臣鲁梅延等王室重要成员和政府高级官员热情迎接。")"
check_eq "总督格林和代总理、财政部长伯克 (新闻联播 2012-07-06)" "陈昌智 副委员长
格林 总督
伯克 代总理、部长" \
    "$(officials "中国网络电视台消息：在格林纳达进行友好访问的中国全国人大常委会副委员长陈昌智5号在格林纳达首都圣乔治会见了格林纳达总督格林和代总理、财政部长伯克。")"
# From a review of the titles of the 200 most mentioned people.
check_eq "主席团常务主席: 常务主席 for every name (新闻联播 2018-03-12)" "刘奇葆 常务主席
帕巴拉·格列朗杰 常务主席
董建华 常务主席
万钢 常务主席
何厚铧 常务主席
卢展工 常务主席
王正伟 常务主席
马飚 常务主席
陈晓光 常务主席
梁振英 常务主席" \
    "$(officials "全国政协十三届一次会议主席团常务主席刘奇葆、帕巴拉·格列朗杰、董建华、万钢、何厚铧、卢展工、王正伟、马飚、陈晓光、梁振英出席会议。")"
check_eq "任命…为国家发展和改革委员会主任: 主任, not 委员 (新闻联播 2013-03-16)" "徐绍史 主任" \
    "$(officials "任命徐绍史为国家发展和改革委员会主任；")"
check_eq "名誉会长 keeps 名誉 (新闻联播 2025-09-04)" "韩正 副主席、名誉会长
福布斯 主席" \
    "$(officials "央视网消息（新闻联播）：9月4日，国家副主席、中国红十字会名誉会长韩正在北京会见红十字会与红新月会国际联合会主席福布斯。")"
check_eq "阿尔贝二世亲王、…总统马克龙: 亲王 is not 马克龙's (新闻联播 2019-03-21)" "习近平 国家主席
马塔雷拉 总统
阿尔贝 亲王
马克龙 总统" \
    "$(officials "央视网消息（新闻联播）：3月21日，国家主席习近平乘专机离开北京，应意大利共和国总统马塔雷拉、摩纳哥公国元首阿尔贝二世亲王、法兰西共和国总统马克龙邀请，对上述三国进行国事访问。")"
check_eq "向前总理英拉: 前 after 向 (新闻联播 2017-08-25)" "英拉 前总理" \
    "$(officials "泰国最高法院向前总理英拉发出逮捕令")"
check_eq "理事会前主席米歇尔 (新闻联播 2025-05-07)" "米歇尔 前主席" \
    "$(officials "招待会前，韩正分别会见欧洲理事会前主席米歇尔和欧盟驻华使节代表。")"
check_eq "a career retold after 后,: no title (新闻联播 2023-10-27)" "李克强 " \
    "$(officials "新冠疫情发生后，李克强同志担任中央应对疫情工作领导小组组长，认真贯彻落实党中央决策部署，坚持人民至上、生命至上，推动统筹疫情防控和经济社会发展取得重大积极成果。")"
# Each title of a chain takes the mark before it: 前 does not reach across
# an organisation to the next title, a bare 、 carries it on (原党组书记、
# 常务副主席), and the 原 of 固原市 is no mark.
check_eq "主席、前总统梅德韦杰夫: only 总统 is past (新闻联播 2021-06-22)" "梅德韦杰夫 主席、前总统" \
    "$(officials "俄罗斯统一俄罗斯党主席、前总统梅德韦杰夫表示，中国消除了绝对贫困，成为强大的快速发展的国家，展现出应对最严峻挑战的能力，充分体现了中国共产党治理国家的担当和能力。")"
check_eq "前总统、人民党联合主席扎尔达里: 主席 is no former one (新闻联播 2015-04-21)" "习近平 国家主席
扎尔达里 前总统、主席" \
    "$(officials "央视网消息(新闻联播)：国家主席习近平当地时间20日在伊斯兰堡会见巴基斯坦前总统、人民党联合主席扎尔达里等巴基斯坦各主要党派领导人。")"
check_eq "原党组书记、常务副主席: both past (新闻联播 2014-12-22)" "申维辰 原党组书记、原常务副主席" \
    "$(officials "## 中国科协原党组书记、常务副主席申维辰严重违纪违法被开除党籍和公职")"
check_eq "固原市…县委常委、副县长: no mark (新闻联播 2018-02-14)" "樊学双 副县长、常委" \
    "$(officials "福建福州市闽侯县副县长、宁夏固原市隆德县委常委、副县长樊学双发言。")"

# A two-character foreign name after a title and 、 (a list of names with
# titles), so that the chain stops at it; 副 before 执行.
check_eq "班达里总统、奥利总理、…联合主席普拉昌达: 奥利 is 总理, 普拉昌达 only 主席 (新闻联播 2019-10-14)" "班达里 总统
奥利 总理
普拉昌达 主席
德乌帕 主席" \
    "$(officials "班达里总统、奥利总理、尼泊尔共产党联合主席普拉昌达、尼泊尔大会党主席德乌帕等尼方领导人一致表示，尼中是亲密无间、患难与共的伙伴。")"
check_eq "西哈莫尼国王、洪森首相 (新闻联播 2012-10-17)" "西哈莫尼 国王
洪森 首相" \
    "$(officials "向莫尼列太后、西哈莫尼国王、洪森首相表示诚挚慰问。")"
check_eq "副执行主任柴班 keeps its 副 (新闻联播 2026-03-24)" "柴班 副执行主任" \
    "$(officials "刚刚结束对黎巴嫩访问的联合国儿童基金会副执行主任柴班23日表示，以军此轮对黎巴嫩袭击已造成黎巴嫩118名儿童死亡。")"

# A surname with a title is linked to a full name of its own item (a
# "## title" and its text, one story of 新闻联播); another item's full name
# only when it has that title.
check_eq "林主任 two stories after 林郑月娥 is not her (新闻联播 2019-08-27)" "林郑月娥 行政长官
林主任 主任" \
    "$(officials "## 林郑月娥：特区政府会继续依法止暴制乱
央视网消息（新闻联播）：香港特区行政长官林郑月娥在今天（8月27日）举行的记者会上表示，24日、25日，激进示威者目无法纪，用有致命风险的武器攻击警方，肆意破坏商店，破坏特区政府正在努力建设的智慧城市基础设施，让人痛心。
## 大湾区建设是港澳青年的黄金机会
陈贤翰所说的林主任，是天河区港澳青年之家主任，这是当地推动成立的非营利性机构，主要为广州天河、香港和澳门三地的青年提供就业创业等服务。")"
check_eq "周总理 is not 周恩义, a 部长 of another story: the leader rule gives 周恩来 (新闻联播 2012-09-24)" "周恩来 总理
周恩义 部长" \
    "$(officials "## 【时代先锋】林俊德：一辈子只做一件事
总装某基地研究员 林俊德：非常激动，就说自己的劳动已经得到周总理的认可了。
## 国内联播快讯
被誉为新时期基层宣传干部好榜样的原辽宁盘锦市兴隆台区委宣传部长周恩义，今天做客新华网，结合自己40多年的宣传工作经验，就如何当好宣传干部同网友进行了在线交流。")"
check_eq "李总理 is the 总理李克强 of another story (新闻联播 2015-05-15)" "李克强 国务院总理
纳兰德拉·莫迪 总理
李克强 总理" \
    "$(officials "## 李克强举行仪式欢迎印度总理访华
央视网消息(新闻联播)：5月15日上午，国务院总理李克强在北京人民大会堂东门外广场举行仪式欢迎印度总理纳兰德拉·莫迪访华。
## 李克强同印度总理会谈时强调 中印携手构建更加紧密的发展伙伴关系
莫迪表示，李总理在我访华前接受《今日印度》杂志采访，在印引起热烈反响。")"
check_eq "调查总理佩通坦: 查 is no surname (新闻联播 2025-07-01)" "佩通坦 总理" \
    "$(officials "泰国宪法法院今天（7月1日）宣布，受理有关调查总理佩通坦是否存在违宪行为的请愿书，并决定即日起暂停佩通坦行使总理职权，直到作出裁决。")"

# A chain reaches across an organisation that holds 常委 or 委员 (常委会,
# 委员会: no title there), and across 兼, a second post held at once; a
# mark before the first post reaches across 兼 too.  候补委员 are alternate
# members, not members.
check_eq "政治局常委、全国人大常委会委员长 (新闻联播 2024-12-24)" "赵乐际 政治局常委、委员长" \
    "$(officials "央视网消息（新闻联播）：中共中央政治局常委、全国人大常委会委员长赵乐际24日下午同列席十四届全国人大常委会第十三次会议的全国人大代表座谈交流。")"
check_eq "国务委员兼外交部长 (新闻联播)" "王毅 国务委员、外交部长" \
    "$(officials "国务委员兼外交部长王毅等参加有关活动。")"
check_eq "前副总理兼财政部长: both past (新闻联播 2013-07-10)" "穆罕默德·巴拉迪 前总干事
贝卜拉维 前副总理、前部长" \
    "$(officials "当天，曼苏尔任命埃及主要反对派联盟“全国拯救阵线”领导人之一、国际原子能机构前总干事穆罕默德·巴拉迪为过渡政府副总统，负责外交事务；同时任命前副总理兼财政部长贝卜拉维为过渡政府总理，委托他组建过渡政府。")"
check_eq "候补委员 (新闻联播 2022-10-12)" "马国强 候补委员
王宁 候补委员
王伟中 候补委员" \
    "$(officials "全会按照党章规定，决定递补中央委员会候补委员马国强、王宁、王伟中为中央委员会委员。")"

# Names in two parts joined by a middle dot, whatever their characters:
# Uyghur officials (艾 is a surname, but 艾力更·依明巴海 is no 艾力更), and a
# foreign name a Chinese title names (第一书记劳尔·卡斯特罗); a name of
# transliteration characters still ends where FOREIGN_NAMED ends it
# (特雷莎·梅不能), and two rules reading one title two ways give one title
# (古巴国家主席: 国家主席, not 国家主席、主席).
check_eq "艾力更·依明巴海, and the chain after him (新闻联播 2013-09-18)" "艾力更·依明巴海 副委员长
杨洁篪 国务委员
马飚 副主席" \
    "$(officials "全国人大常委会副委员长艾力更·依明巴海、国务委员杨洁篪、全国政协副主席马飚等出席欢迎仪式。")"
check_eq "阿不来提·阿不都热西提出席: 不 and 都 inside the name (新闻联播 2012-09-27)" "刘云山 政治局委员、书记处书记、部长
刘延东 政治局委员、国务委员
陈至立 副委员长、主席
阿不来提·阿不都热西提 副主席" \
    "$(officials "中共中央政治局委员、中央书记处书记、中宣部部长刘云山，中共中央政治局委员、国务委员刘延东，全国人大常委会副委员长、全国妇联主席陈至立，全国政协副主席阿不来提·阿不都热西提出席开幕式。")"
check_eq "自治区主席雪克来提·扎克尔 (新闻联播 2018-10-16)" "雪克来提·扎克尔 主席" \
    "$(officials "央视网消息（新闻联播）：近日，新疆维吾尔自治区主席雪克来提·扎克尔接受记者采访，就新疆反恐维稳情况及开展职业技能教育培训工作回答了记者提问。")"
check_eq "特雷莎·梅不能: the foreign reading ends the name (新闻联播 2017-03-20)" "特雷莎·梅 首相" \
    "$(officials "她担心英国首相特雷莎·梅不能在与欧盟就“脱欧”问题的谈判中达成对英国有利的协议。")"
check_eq "特雷莎·梅定于 (新闻联播 2019-02-07)" "特雷莎·梅 首相" \
    "$(officials "英国首相特雷莎·梅定于7日再次前往欧盟，试图修改此前与欧盟达成的脱欧协议中有关爱尔兰边界问题的内容。")"
check_eq "国家主席迪亚斯-卡内尔: one title read two ways is one (新闻联播 2020-02-29)" "习近平 国家主席
迪亚斯-卡内尔 国家主席" \
    "$(officials "央视网消息（新闻联播）：2月28日晚，国家主席习近平应约同古巴国家主席迪亚斯-卡内尔通电话。")"
check_eq "委员会秘书阿里·沙姆哈尼: 会秘书阿里… is no name (新闻联播 2018-01-03)" "" \
    "$(officials "不过伊朗最高国家安全委员会秘书阿里·沙姆哈尼2日说，是美国、英国和沙特阿拉伯妄图通过社交媒体和网络对伊朗发动“代理人战争”。")"

# Tibetan names: two halves of two characters (白 is a surname, but 白玛赤林
# is no 白玛赤), and the chain goes on after them.
check_eq "白玛赤林 whole (新闻联播 2018-11-08)" "习近平 主席
白玛赤林 副委员长
王毅 国务委员
夏宝龙 副主席
何立峰 副主席" \
    "$(officials "习近平主席夫人彭丽媛，全国人大常委会副委员长白玛赤林，国务委员王毅，全国政协副主席夏宝龙、何立峰等出席欢迎仪式。")"
check_eq "洛桑江村 whole (新闻联播 2014-08-10)" "陈全国 党委书记
洛桑江村 主席" \
    "$(officials "事故发生后，西藏自治区党委书记陈全国、区政府主席洛桑江村要求不惜一切代价全力抢救事故人员。")"

# A leader whose offices ended before the document's date (a `retired`
# rule's until: day) is addressed by a title he no longer holds: it is
# written as a former one.  The document's date is its file name's.
dated_officials() {   # DATE SENTENCE
    dir=$(mktemp -d)
    printf '%s\n' "$2" >"$dir/$1_xwlb.txt"
    "$TIFA" matches -p officials "$dir/$1_xwlb.txt" | awk -F'\t' 'NR > 1 { print $5, $9 }'
    rm -rf "$dir"
}
jiang="新加坡总统哈莉玛表示，江泽民主席领导中国持续推进经济改革，实现快速发展。"
check_eq "江泽民主席 in 2022: a former office (新闻联播 2022-12-01)" "哈莉玛 总统
江泽民 原主席" "$(dated_officials 2022-12-01 "$jiang")"
check_eq "... in an undated text, as written" "哈莉玛 总统
江泽民 主席" "$(officials "$jiang")"
check_eq "毛泽东主席、周恩来总理 in 2013: both former; 尼雷尔 not a retired leader (新闻联播 2013-03-25)" \
"毛泽东 原主席
周恩来 原总理
尼雷尔 总统" \
    "$(dated_officials 2013-03-25 "习近平表示，坦桑尼亚是中国的老朋友、好朋友，中坦友谊是由毛泽东主席、周恩来总理和尼雷尔总统等两国老一辈领导人亲手缔造的。")"
hu="任期届满的国家主席、中央军委主席胡锦涛与习近平亲切握手，相互致意。"
check_eq "胡锦涛 on his last day in office holds his titles (新闻联播 2013-03-14)" \
    "胡锦涛 国家主席、主席" "$(dated_officials 2013-03-14 "$hu")"
check_eq "... and the day after no longer" \
    "胡锦涛 原国家主席、原主席" "$(dated_officials 2013-03-15 "$hu")"

# People's Daily, January 1998 (a review read them against the gold):
# 新当选的 marks a title not yet held, as 当选 does; 第一 is part of the
# title (a 第一书记 is not the 书记); a dotted name may start with one
# character; 江总书记 is 江泽民 as 江主席 is.
check_eq "韩国新当选的总统金大中: not yet held (1998-01-13_p06-011)" "金大中 新当选总统" \
    "$(officials "韩国新当选的总统金大中８日也在汉城会见了杨振亚。")"
check_eq "书记处第一书记, and the chain before it (1998-01-04_p01-005)" "黄启 副主席、书记处第一书记" \
    "$(officials "全国妇联副主席、书记处第一书记黄启对记者说，尊老爱幼既是中华民族的传统美德，又具有重大的现实意义。")"
check_eq "第一副总理 of a foreign title (1998-01-05_p06-001)" "涅姆佐夫 第一副总理" \
    "$(officials "去年岁末，俄罗斯第一副总理涅姆佐夫访华期间，中俄两国签署了关于建设连云港核电站的总合同，金额约达３０亿美元。")"
check_eq "川·立派: one character before the dot (1998-01-02_p03-001)" "川·立派 总理" \
    "$(officials "泰国总理川·立派１日晚在电视台向全国人民发表新年贺词，号召人民齐心协力共同奋斗，克服经济困难，使泰国走出经济困境。")"
check_eq "江总书记 is 江泽民 (1998-01-08_p09-004)" "江泽民 总书记
李鹏 总理" \
    "$(officials "１９９８年林业工作的中心就是要全面贯彻落实十五大精神和江总书记、李鹏总理及中央其他领导同志关于加强生态、环境建设的重要指示，深化改革，全面加快林业生态体系和产业体系建设步伐。")"

# 已故, the late: a past title before the title (新闻联播 2013-10-03) or
# before the name (People's Daily 1998-01-11_p03-001); a speech's byline
# glued to its first words is no 同志 (xi-2020, 2020-10-23).
check_eq "已故总统查韦斯: a past title" "查韦斯 已故总统" \
    "$(officials "委内瑞拉已故总统查韦斯执政期间，委美关系一直紧张，两国自2010年7月以后一直没有互派大使。")"
check_eq "已故胡志明主席: the mark before the name" "胡志明 已故主席" \
    "$(officials "已故胡志明主席从１９５１年到１９６９年逝世的１９年间，用笔名在越南《人民报》发表了１４０篇关于中国的文章，主要赞颂中越友谊和中国各个方面的成就，共计２０余万字。")"
check_eq "已故的胡志明主席: the mark with 的" "胡志明 已故主席" \
    "$(officials "已故的胡志明主席从１９５１年到１９６９年逝世的１９年间，用笔名在越南《人民报》发表了１４０篇关于中国的文章，主要赞颂中越友谊和中国各个方面的成就，共计２０余万字。")"
check_eq "习近平同志们: the speaker, then 同志们 (comrades), no mention" "" \
    "$(officials "在纪念中国人民志愿军抗美援朝出国作战70周年大会上的讲话（2020年10月23日）习近平同志们，朋友们：今天，我们在这里隆重集会，纪念中国人民志愿军抗美援朝出国作战70周年。")"

# Words read as names after a leader's surname and title, and a date's 日
# as a foreign name's first character (People's Daily 1998, undated here).
check_eq "周总理丰富完美: 丰富 is no one (1998-01-08_p04-002)" "周恩来 总理
周恩来 总理" \
    "$(officials "这两个侧面是相辅相成的，两个侧面合在一起，表现了周总理的风度、气质、境界，构成了周总理丰富完美、光彩照人的个性，由此所产生的震撼人心的人格力量和魅力，甚至连他的敌人也不得不叹服。")"
check_eq "毛主席汉白玉塑像: 汉白 is no one (1998-01-07_p01-004)" "毛泽东 主席" \
    "$(officials "８时３０分，邱洪标站在排头，手捧一束鲜花第一个走进纪念堂，向大厅里的毛主席汉白玉塑像献上花束并三鞠躬。")"
check_eq "９月９日毛主席: 日毛 is no one (1998-01-07_p01-004)" "毛泽东 主席
毛泽东 主席" \
    "$(officials "毛主席纪念堂于１９７７年５月落成，同年９月９日毛主席逝世一周年时正式对外开放，至今已接待瞻仰群众１·１亿人次。")"

# 以…同志为总书记的党中央 names the general secretary (389 times for 习近平
# over the shared corpora): the government work report of 2008-03-05.
check_eq "以胡锦涛同志为总书记的党中央: his office, held that day" "胡锦涛 总书记" \
    "$(dated_officials 2008-03-05 "这是在改革开放多年来奠定的基础上取得的，是以胡锦涛同志为总书记的党中央驾驭全局、正确领导的结果，是全国各族人民奋发进取、共同努力的结果，也是与广大海外侨胞、国际友人的支持和帮助分不开的。")"
check_eq "以习近平同志为核心: no office named (the 2018 work report)" "习近平 " \
    "$(officials "五年来，我们认真贯彻以习近平同志为核心的党中央决策部署，主要做了以下工作。")"
# 阿 before a leader's title is a country (阿尔及利亚: 新闻联播 2014-07-27).
check_eq "阿总理称: Algeria's prime minister, no person 阿总理" "塞拉勒 总理" \
    "$(officials "阿总理称恐怖袭击致空难可能性低
阿尔及利亚总理塞拉勒26号说")"

# A two-character foreign name after 尊敬的 (xi-2020, 2020-11-10; it was
# found only after 感谢); 总干事 after a name (新闻联播 2020-05-18), but not
# after 罗马举行 (新闻联播 2019-08-01: 举行 starts no given name).
check_eq "尊敬的普京总统 (xi-2020 2020-11-10)" "普京 总统
普京 总统" \
    "$(officials "尊敬的普京总统，尊敬的各位同事：感谢普京总统和俄方作为轮值主席国为本次会议所做的精心准备。")"
check_eq "谭德塞总干事 (新闻联播 2020-05-18)" "谭德塞 总干事" \
    "$(officials "在谭德塞总干事带领下，世卫组织为领导和推进国际抗疫合作作出了重大贡献，国际社会对此高度赞赏。")"
check_eq "罗马举行总干事交接仪式: no one (新闻联播 2019-08-01)" "" \
    "$(officials "联合国粮食及农业组织7月31日在意大利罗马举行总干事交接仪式。")"

# A speech's byline glued to its first words, after a spaced title
# (xi-2020, 2020-11-10: 主席 was last seen on 2020-10-18 for want of these).
check_eq "中华人民共和国主席 习近平尊敬的…: the byline's name and title" "习近平 主席
普京 总统
普京 总统" \
    "$(officials "（2020年11月10日，北京）中华人民共和国主席 习近平尊敬的普京总统，尊敬的各位同事：感谢普京总统和俄方作为轮值主席国为本次会议所做的精心准备。")"

done_testing
