"""Hand-written articles of the sample knowledge hub (original text).

Every sentence in this module was written for the hubindex sample site. The
articles imitate the shape of a graduate school's career and education blog
(topics, areas of study, bylines, dates, related reading) so that the crawler
and the search index have realistic material to work with.
"""

from __future__ import annotations

TOPICS = {
    "career-advancement": "Career Advancement",
    "industry-trends": "Industry Trends & Insights",
    "planning-for-grad-school": "Planning for Grad School",
    "online-learning": "Online Learning",
    "student-life": "Student Life",
    "financing-your-education": "Financing Your Education",
}

AREAS = {
    "engineering": "Engineering",
    "computer-science": "Computer Science",
    "business": "Business",
    "healthcare": "Healthcare",
    "education": "Education",
    "data-analytics": "Data Analytics",
}

AUTHORS = [
    "Corinne Adebayo",
    "Theo Marchetti",
    "Lena Whitcombe",
    "Samir Okonkwo-Hale",
    "Dana Rutherford",
    "Mina Castellanos",
    "Grant Iwasaki",
    "Juliet Fairbanks",
]

ARTICLES = [
    {
        "slug": "emerging-engineering-manager-skills",
        "title": "7 Emerging Skills Engineering Managers Need to Stay Competitive",
        "authors": ["Theo Marchetti"],
        "published": "2024-01-02",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "industry-trends"],
        "areas": ["engineering"],
        "summary": "The job of an engineering manager keeps shifting as tools, teams and budgets change. These seven skills separate the engineering managers who keep up from those who fall behind.",
        "intro": [
            "A decade ago, an engineering manager could lean mostly on deep technical knowledge and a reputation for solving hard problems. Today the role asks for a broader mix of skills. Engineering managers coordinate distributed teams, defend budgets in front of executives, evaluate automation tools and keep projects aligned with sustainability and safety rules that change every year.",
            "If you lead engineers now, or hope to soon, the list below describes seven engineering manager skills that hiring committees increasingly ask about. None of them replaces technical depth; each one builds on it.",
        ],
        "sections": [
            {"heading": "1. Data literacy for engineering decisions", "level": 2, "paragraphs": [
                "Sensors, test rigs and project tracking systems now produce more numbers than any team can read by hand. A competitive engineering manager knows how to ask the right question of that data, judge whether a dashboard is trustworthy and turn a trend line into a decision about staffing, scope or design. You do not need to be a statistician, but you should be comfortable with sampling, variance and the difference between correlation and cause.",
            ]},
            {"heading": "2. Fluency with AI and automation tools", "level": 2, "paragraphs": [
                "Generative design software, code assistants and automated inspection systems are moving from pilot projects into daily work. Engineering managers need the skills to evaluate these tools honestly: where they save time, where they introduce risk, and how to retrain people whose tasks are changing.",
            ]},
            {"heading": "3. Financial and business acumen", "level": 2, "paragraphs": [
                "Every engineering project competes for money. Managers who can read a profit and loss statement, build a simple business case and explain return on investment in plain language win resources for their teams. This is often the skill gap that holds technically brilliant engineers back from promotion.",
            ]},
            {"heading": "4. Leading hybrid and distributed teams", "level": 2, "paragraphs": [
                "Engineering teams are now spread across time zones, contractors and partner firms. Running effective asynchronous reviews, writing clear decision records and building trust with people you rarely meet in person are management skills that were optional before and are essential now.",
            ]},
            {"heading": "5. Systems thinking and risk management", "level": 2, "paragraphs": [
                "Modern products combine hardware, firmware, cloud services and supply chains. An engineering manager has to see how a change in one subsystem ripples through the others, and to plan for failures before they reach the customer.",
            ]},
            {"heading": "6 and 7. Sustainability awareness and coaching", "level": 2, "paragraphs": [
                "Clients and regulators increasingly expect engineering teams to measure energy use, material waste and lifecycle emissions. Knowing the basic frameworks lets you design with those targets in mind rather than retrofitting later.",
                "Finally, the most durable engineering manager skill is coaching. Managers who give specific feedback, build career paths for their engineers and delegate real ownership keep talented people longer. A graduate program in engineering management is one structured way to practice all seven skills at once, but deliberate on-the-job stretch assignments work too.",
            ]},
        ],
        "related": ["how-to-become-an-engineering-manager", "what-can-i-do-with-a-masters-in-engineering-management", "soft-skills-in-stem-careers"],
    },
    {
        "slug": "how-to-become-an-engineering-manager",
        "title": "How To Become an Engineering Manager",
        "authors": ["Lena Whitcombe"],
        "published": "2023-12-19",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "industry-trends"],
        "areas": ["engineering"],
        "summary": "Moving from individual contributor to engineering manager takes experience, a shift in mindset and, for many people, additional education. Here is a step-by-step path.",
        "intro": [
            "Plenty of engineers reach a point where the next interesting problem is not a technical one. They want to shape which projects get built, mentor newer colleagues and have a say in strategy. That is usually the moment the idea of becoming an engineering manager starts to feel real.",
            "The path is not identical everywhere, but most people who make the jump follow a similar sequence of steps.",
        ],
        "sections": [
            {"heading": "Understand what the role actually involves", "level": 2, "paragraphs": [
                "An engineering manager plans work, hires and develops people, manages budgets and serves as the bridge between technical staff and the rest of the organization. Many new managers are surprised by how little time they spend designing things themselves. Before pursuing the title, shadow your current manager for a week or ask a mentor to walk you through a typical calendar.",
            ]},
            {"heading": "Build a strong technical foundation", "level": 2, "paragraphs": [
                "Most organizations expect a bachelor's degree in an engineering discipline and several years of hands-on work. Credibility with your future team depends on having solved real problems, reviewed designs and lived through a few difficult product launches.",
            ]},
            {"heading": "Seek out informal leadership first", "level": 2, "paragraphs": [
                "You can practice management long before anyone hands you direct reports. Volunteer to lead a small feature, run the onboarding of a new hire, or coordinate a cross-team integration. These assignments reveal whether you enjoy the work and give you concrete stories to tell in an interview.",
            ]},
            {"heading": "Consider a graduate degree or certificate", "level": 2, "paragraphs": [
                "A master's degree in engineering management blends technical topics with finance, operations and organizational behavior. It is not strictly required, yet it can speed up a transition, especially for engineers who lack exposure to budgeting or strategy at work. Shorter graduate certificates in project or technical leadership are another option.",
            ]},
            {"heading": "Make the internal or external move", "level": 3, "paragraphs": [
                "Tell your manager about your goal and ask what evidence would make you a candidate. Internal promotions are common because the company already trusts you. If openings are scarce, look for team lead roles at growing firms, where new managers are needed often.",
            ]},
            {"heading": "Keep learning after the promotion", "level": 3, "paragraphs": [
                "The first year as a manager is a steep learning curve. Find a peer group of other new managers, read widely about feedback and delegation, and keep a light connection to technical work so your judgment stays sharp.",
            ]},
        ],
        "related": ["emerging-engineering-manager-skills", "what-can-i-do-with-a-masters-in-engineering-management", "systems-engineer-career-guide"],
    },
    {
        "slug": "value-of-masters-degree",
        "title": "What Is the Value of a Master's Degree?",
        "authors": ["Corinne Adebayo"],
        "published": "2024-07-24",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "planning-for-grad-school"],
        "areas": [],
        "summary": "A master's degree costs time and money, so it is fair to ask what you get in return. We look at earnings, mobility, networks and the less measurable benefits.",
        "intro": [
            "Deciding whether to return to school is one of the larger financial and personal commitments an adult can make. Tuition, lost free time and sometimes reduced hours at work all add up. So what does a master's degree actually deliver, and for whom is it worth the investment?",
            "The honest answer depends on your field and goals, but several kinds of value show up again and again when graduates describe their experience.",
        ],
        "sections": [
            {"heading": "Earning potential over a career", "level": 2, "paragraphs": [
                "Government labor surveys have consistently found that people holding a master's degree earn more per week, on average, than those whose highest credential is a bachelor's degree. The gap varies widely by occupation. In some professions, such as school counseling or nurse practice, the advanced credential is the entry ticket itself; in others, it mainly accelerates raises and promotions.",
            ]},
            {"heading": "Access to roles that require the credential", "level": 2, "paragraphs": [
                "Certain jobs simply list a graduate degree as a requirement. Licensed clinical roles, many research positions and a growing number of senior analytical jobs fall into this group. If your target role is one of them, the value question is straightforward: without the degree, the door stays closed.",
            ]},
            {"heading": "Specialized knowledge and credibility", "level": 2, "paragraphs": [
                "Graduate coursework goes deeper than undergraduate study and usually includes applied projects with real organizations. That depth helps career changers prove they can handle a new discipline and helps experienced professionals formalize knowledge they picked up informally.",
            ]},
            {"heading": "A professional network that keeps growing", "level": 2, "paragraphs": [
                "Classmates in a graduate program are often working professionals themselves. Over the years they become hiring managers, cofounders and references. Faculty connections and alumni associations extend that network further.",
            ]},
            {"heading": "When the degree may not pay off", "level": 3, "paragraphs": [
                "A master's degree is a poor fit when it is chosen to postpone a decision, when the target field does not reward it, or when the debt would be out of proportion to likely salary gains. Before enrolling, research job postings in your field, talk with people a few steps ahead of you and compare the total cost against realistic outcomes.",
            ]},
            {"heading": "Personal growth counts too", "level": 3, "paragraphs": [
                "Many graduates say the biggest return was confidence: the ability to speak up in meetings, tackle ambiguous problems and see themselves as experts. That benefit is hard to measure, but it often shows up later in the form of bolder career moves.",
            ]},
        ],
        "related": ["ways-to-finance-graduate-degree", "changing-careers-with-graduate-degree", "graduate-certificate-vs-masters"],
    },
    {
        "slug": "what-can-i-do-with-a-masters-in-engineering-management",
        "title": "What Can You Do With an MS in Engineering Management?",
        "authors": ["Samir Okonkwo-Hale"],
        "published": "2024-07-25",
        "updated": None,
        "originally_published": "October 2022",
        "topics": ["career-advancement", "industry-trends"],
        "areas": ["engineering"],
        "summary": "An MS in engineering management combines technical depth with business training. Here are the jobs it leads to and how to judge whether it fits your plans.",
        "intro": [
            "Engineering graduates often discover that the decisions shaping their projects are made in meetings about budgets, schedules and market demand. A Master of Science in engineering management is designed for people who want a seat at that table without leaving technical work behind.",
            "Below we explain what the discipline covers, the roles graduates commonly pursue and a few questions to ask yourself before applying.",
        ],
        "sections": [
            {"heading": "What is engineering management?", "level": 2, "paragraphs": [
                "Engineering management sits at the intersection of engineering and business administration. Coursework typically includes project planning, operations research, engineering economics, quality systems and leadership. Students learn to translate technical tradeoffs into cost, risk and timeline language that executives and clients understand.",
            ]},
            {"heading": "Do you need the degree to manage engineers?", "level": 3, "paragraphs": [
                "Not always. Many employers promote strong engineers into management based on experience alone. The degree becomes valuable when you want to move faster, switch industries, or fill gaps in finance and strategy that your current job does not expose you to.",
            ]},
            {"heading": "Common career paths for graduates", "level": 2, "paragraphs": [
                "Graduates frequently work as engineering managers, technical program managers, operations managers and product managers. Others move into quality or reliability leadership, manufacturing plant management, or consulting roles that help companies modernize their engineering processes.",
                "Industries hiring these professionals range from aerospace and energy to medical devices, software and logistics. Because the skill set is interdisciplinary, it travels well between sectors.",
            ]},
            {"heading": "Skills you will build", "level": 2, "paragraphs": [
                "Expect to practice forecasting and cost estimation, negotiation, statistical process control, and communication with nontechnical stakeholders. Team-based capstone projects give you experience leading people who do not report to you, which mirrors most real engineering environments.",
            ]},
            {"heading": "Is it worth it for you?", "level": 2, "paragraphs": [
                "Consider where you want to be in five to ten years. If the answer involves leading teams, owning a budget or shaping product strategy, the degree aligns well. If you would rather deepen expertise in a single technical specialty, a discipline-specific master's may be the better route. Talk with alumni and compare curricula before committing.",
                "It also helps to check whether a program offers part-time or online study, industry-sponsored projects and co-op placements. Those features let you apply new management concepts at work right away, which reinforces the learning and makes the return on your tuition visible much sooner.",
            ]},
        ],
        "related": ["emerging-engineering-manager-skills", "how-to-become-an-engineering-manager", "value-of-masters-degree"],
    },
    {
        "slug": "mechanical-vs-electrical-engineering",
        "title": "Mechanical vs. Electrical Engineering: Which Path Fits You?",
        "authors": ["Grant Iwasaki"],
        "published": "2023-03-14",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "planning-for-grad-school"],
        "areas": ["engineering"],
        "summary": "Mechanical and electrical engineering overlap more each year, yet the daily work and graduate specializations differ. Compare the two before choosing a program.",
        "intro": [
            "Prospective graduate students in engineering often narrow their choice to two of the oldest disciplines: mechanical and electrical. Both offer broad job markets and strong salaries, and both feed into robotics, energy and transportation. The differences lie in what you study, the tools you use and the kinds of problems that will fill your week.",
            "Choosing between them for graduate study is less about which field is better and more about which set of problems you want to spend years solving. The comparison below is meant to help you figure that out.",
        ],
        "sections": [
            {"heading": "What mechanical engineers focus on", "level": 2, "paragraphs": [
                "Mechanical engineering deals with forces, motion, heat and materials. Practitioners design engines, HVAC systems, prosthetic joints and consumer products. Daily tools include computer-aided design, finite element analysis and physical prototyping in machine shops or labs.",
                "Graduate specializations include thermal and fluid sciences, solid mechanics, manufacturing and biomechanics.",
            ]},
            {"heading": "What electrical engineers focus on", "level": 2, "paragraphs": [
                "Electrical engineering covers circuits, signals, power systems and electromagnetics. Electrical engineers design chips, motor drives, communication networks and grid equipment. Their work leans heavily on simulation software, oscilloscopes and programming, particularly for embedded systems.",
                "Graduate tracks include power electronics, signal processing, photonics, control systems and semiconductor devices.",
            ]},
            {"heading": "Where the two fields meet", "level": 2, "paragraphs": [
                "Electric vehicles, drones, renewable energy plants and factory automation all require both skill sets. Mechatronics and controls engineering are explicitly hybrid areas, and many employers value engineers who can speak both languages. If you cannot choose, look for programs that allow electives across departments.",
            ]},
            {"heading": "Questions to help you decide", "level": 2, "paragraphs": [
                "Do you enjoy building physical objects you can hold, or do you find abstract signals and code more satisfying? Which undergraduate courses did you look forward to? Which industries excite you? Reviewing recent job postings in your region can also reveal which specialty has more openings near you.",
            ]},
            {"heading": "Advancing beyond the first job", "level": 3, "paragraphs": [
                "Whichever discipline you choose, long-term growth often involves professional licensure, a master's degree in a niche specialty, or a move into engineering management. Your first choice is important, but it is rarely permanent; engineers switch focus throughout their careers.",
            ]},
        ],
        "related": ["robotics-engineering-demand", "sustainable-engineering-trends", "systems-engineer-career-guide"],
    },
    {
        "slug": "sustainable-engineering-trends",
        "title": "5 Trends Shaping the Future of Sustainable Engineering",
        "authors": ["Mina Castellanos"],
        "published": "2024-04-09",
        "updated": "2025-02-11",
        "originally_published": None,
        "topics": ["industry-trends"],
        "areas": ["engineering"],
        "summary": "Climate targets, new materials and stricter reporting are changing how engineers design almost everything. Five developments stand out.",
        "intro": [
            "Sustainability used to be a specialty within engineering. Increasingly it is a constraint that applies to every project, from bridges and batteries to packaging and data centers. Engineers who understand the shift can help their employers meet ambitious targets while avoiding costly redesigns. Those who ignore it risk watching their designs fail procurement reviews they never anticipated.",
            "Here are five trends that we expect to shape sustainable engineering work over the next several years.",
        ],
        "sections": [
            {"heading": "1. Lifecycle assessment becomes routine", "level": 2, "paragraphs": [
                "Instead of measuring only the energy a product uses in operation, teams now estimate emissions from raw material extraction, manufacturing, shipping and disposal. Lifecycle assessment software is getting easier to use, and purchasing departments are starting to request the results from suppliers.",
            ]},
            {"heading": "2. Low-carbon materials in construction", "level": 2, "paragraphs": [
                "Cement and steel production account for a large share of industrial emissions. Structural engineers are experimenting with mass timber, recycled aggregates and concrete mixes that cure with less clinker. Building codes in several regions are being updated to allow these alternatives.",
            ]},
            {"heading": "3. Electrification and grid integration", "level": 2, "paragraphs": [
                "Heat pumps, electric fleets and industrial electric boilers are replacing fossil fuel equipment. That creates demand for engineers who can size electrical infrastructure, manage peak loads and integrate on-site solar and storage.",
            ]},
            {"heading": "4. Designing for circularity", "level": 2, "paragraphs": [
                "Products designed for disassembly, repair and remanufacturing keep materials in use longer. Mechanical and product engineers are rethinking fasteners, adhesives and modular architectures so components can be recovered rather than landfilled.",
            ]},
            {"heading": "5. Mandatory climate disclosure", "level": 2, "paragraphs": [
                "New reporting rules in several jurisdictions require large companies to disclose emissions and climate risk. Engineers are being pulled into these efforts because they own the data on energy use, equipment and supply chains. Familiarity with greenhouse gas accounting is becoming a practical career asset.",
            ]},
            {"heading": "Preparing for a greener engineering career", "level": 3, "paragraphs": [
                "Graduate courses in energy systems, environmental engineering or sustainable design can give you the vocabulary and methods employers want. Pair them with a project that measurably reduces waste or emissions, and you will have a compelling story for your next interview. Professional societies also publish free guidance on green design and carbon accounting, which is an easy way to stay current while you work.",
            ]},
        ],
        "related": ["mechanical-vs-electrical-engineering", "supply-chain-management-trends", "emerging-engineering-manager-skills"],
    },
    {
        "slug": "systems-engineer-career-guide",
        "title": "What Does a Systems Engineer Do? A Career Guide",
        "authors": ["Grant Iwasaki"],
        "published": "2022-08-23",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["engineering"],
        "summary": "Systems engineers make sure complex products work as a whole. Learn what the job involves, where systems engineers work and how to prepare for the role.",
        "intro": [
            "When a satellite, a hospital information network or a commuter rail line fails, the cause is often not a single broken part but a mismatch between parts. Systems engineers exist to prevent those mismatches. They look at the entire product, define how pieces should interact and verify that the finished system does what its users need.",
        ],
        "sections": [
            {"heading": "Core responsibilities", "level": 2, "paragraphs": [
                "A systems engineer gathers stakeholder needs and turns them into measurable requirements. They break a large system into subsystems, define interfaces between them and track how design decisions affect cost, weight, power or reliability. Later in a program they plan integration and testing to confirm that requirements were met.",
                "Much of the job involves documentation and negotiation. Hardware, software and operations teams all have their own priorities, and the systems engineer keeps them pointed at the same goal.",
            ]},
            {"heading": "Where systems engineers work", "level": 2, "paragraphs": [
                "Aerospace and defense contractors are the traditional employers, but demand has spread to automotive companies building software-defined vehicles, medical device makers, energy utilities and large technology firms. Government agencies also hire systems engineers to oversee acquisitions and infrastructure programs.",
            ]},
            {"heading": "Skills and tools of the trade", "level": 2, "paragraphs": [
                "Model-based systems engineering, which replaces stacks of documents with linked digital models, is now widespread. Familiarity with modeling languages, requirements management software and trade study methods is valuable. So are soft skills: facilitating design reviews, writing clearly and explaining technical risk to program managers.",
            ]},
            {"heading": "Education and credentials", "level": 2, "paragraphs": [
                "Most systems engineers start with a degree in mechanical, electrical, aerospace or computer engineering and several years of design experience. A master's degree in systems engineering or engineering management formalizes the methods. Professional certification from industry associations can further demonstrate competence, especially for contractors bidding on government work.",
            ]},
            {"heading": "Long-term career outlook", "level": 3, "paragraphs": [
                "Because systems engineers see the whole program, many go on to become chief engineers, program directors or technical executives. The role is a natural stepping stone for anyone who enjoys big-picture problems and wants to lead without fully leaving engineering behind. It also tends to be resilient in downturns, because organizations with large, long-running programs cannot easily pause the people who hold the whole design together.",
            ]},
        ],
        "related": ["how-to-become-an-engineering-manager", "mechanical-vs-electrical-engineering", "project-management-certifications"],
    },
    {
        "slug": "robotics-engineering-demand",
        "title": "The Growing Demand for Robotics Engineers",
        "authors": ["Theo Marchetti"],
        "published": "2025-03-18",
        "updated": None,
        "originally_published": None,
        "topics": ["industry-trends", "career-advancement"],
        "areas": ["engineering", "computer-science"],
        "summary": "Warehouses, hospitals and farms are adopting robots faster than ever. Here is why robotics engineers are in demand and what the work requires.",
        "intro": [
            "Robots are leaving the fenced-off cells of automotive plants and showing up in fulfillment centers, operating rooms, orchards and restaurant kitchens. Each new deployment needs people who can design, program, test and maintain machines that share space with humans. That is why robotics engineering has become one of the more dynamic corners of the job market.",
            "This article looks at the forces behind that growth, the kinds of tasks robotics engineers perform, and the education that prepares someone to build machines that move, sense and decide on their own.",
        ],
        "sections": [
            {"heading": "What is driving the demand?", "level": 2, "paragraphs": [
                "Labor shortages in logistics and manufacturing, cheaper sensors and advances in machine perception have made automation practical for tasks that once seemed too variable for robots. Collaborative robots, or cobots, can now be deployed by small manufacturers without massive safety enclosures. Autonomous mobile robots move inventory in warehouses of every size.",
            ]},
            {"heading": "What robotics engineers actually do", "level": 2, "paragraphs": [
                "The field blends mechanical design, electronics and software. Some engineers focus on grippers, actuators and frames. Others write motion planning algorithms, build perception pipelines from camera and lidar data, or tune control loops. Field engineers install systems at customer sites and troubleshoot problems in real conditions.",
            ]},
            {"heading": "Skills employers look for", "level": 2, "paragraphs": [
                "Job postings commonly mention C++ and Python, experience with robot operating system frameworks, kinematics, computer vision and familiarity with simulation environments. Hands-on experience counts heavily; a well-documented personal or student project can carry as much weight as a course grade.",
            ]},
            {"heading": "Education pathways", "level": 2, "paragraphs": [
                "Few undergraduate programs offer a robotics major, so most engineers arrive from mechanical, electrical or computer engineering or from computer science. A master's program in robotics lets students fill gaps in whichever side they lack and work in labs with industrial arms, legged robots or autonomous vehicles.",
            ]},
            {"heading": "Looking ahead", "level": 3, "paragraphs": [
                "As machine learning models improve at manipulation and navigation, robots will take on messier tasks in homes, hospitals and construction sites. Engineers who understand both the physical hardware and the learning software will be particularly well positioned. Safety standards, ethics and human factors will also grow in importance as robots move closer to the public, opening roles for engineers who can certify that autonomous machines behave predictably around people.",
            ]},
        ],
        "related": ["become-a-machine-learning-engineer", "mechanical-vs-electrical-engineering", "ai-in-business"],
    },
    {
        "slug": "data-science-careers",
        "title": "6 In-Demand Data Science Careers",
        "authors": ["Dana Rutherford", "Samir Okonkwo-Hale"],
        "published": "2023-05-30",
        "updated": "2024-10-01",
        "originally_published": None,
        "topics": ["career-advancement", "industry-trends"],
        "areas": ["data-analytics", "computer-science"],
        "summary": "Data science is no longer one job title. We break down six roles, what each one does and which skills help you land it.",
        "intro": [
            "When data science first became a popular career, most companies hired generalists who did a bit of everything: cleaning data, building models and presenting results. As the field matured, those duties split into specialized roles. Knowing the differences helps you choose courses and projects that match the job you want.",
            "The six data science careers below are among the most frequently advertised. Titles vary between companies, so read each posting's responsibilities rather than relying on the label alone.",
        ],
        "sections": [
            {"heading": "1. Data scientist", "level": 2, "paragraphs": [
                "The classic data scientist frames business questions, designs experiments and builds statistical or machine learning models to answer them. Strong communication skills matter because results must persuade decision-makers.",
            ]},
            {"heading": "2. Machine learning engineer", "level": 2, "paragraphs": [
                "Machine learning engineers turn prototype models into reliable production services. They care about latency, monitoring, retraining pipelines and software engineering practices.",
            ]},
            {"heading": "3. Data engineer", "level": 2, "paragraphs": [
                "Data engineers design the pipelines and warehouses that make analysis possible. They work with distributed processing frameworks, cloud storage and orchestration tools, and they are often the first hires a data team needs.",
            ]},
            {"heading": "4. Analytics engineer", "level": 2, "paragraphs": [
                "A newer role, analytics engineers sit between data engineers and analysts. They model raw data into clean, tested tables with version-controlled transformation code so that dashboards and reports stay consistent.",
            ]},
            {"heading": "5 and 6. Data analyst and research scientist", "level": 2, "paragraphs": [
                "Analysts query data, build visualizations and produce recurring reports. The role is a common entry point and rewards fluency in SQL, spreadsheets and a visualization tool.",
                "Large technology firms and research labs employ scientists who develop new algorithms and publish findings. These positions frequently prefer candidates with a doctorate or a research-heavy master's degree.",
            ]},
            {"heading": "Building a path into data science", "level": 3, "paragraphs": [
                "Regardless of the title, employers look for evidence that you can take messy data to a useful conclusion. A graduate program in data science or analytics provides structured training in statistics, programming and ethics, and capstone projects with industry partners give you portfolio pieces. Internships and open datasets are good ways to practice on realistic problems. Finally, keep an eye on domain knowledge: a data professional who understands healthcare billing, energy markets or retail inventory will usually beat an equally skilled generalist for roles in those industries.",
            ]},
        ],
        "related": ["data-analyst-vs-data-scientist", "become-a-machine-learning-engineer", "business-analytics-careers"],
    },
    {
        "slug": "data-analyst-vs-data-scientist",
        "title": "Data Analyst vs. Data Scientist: What's the Difference?",
        "authors": ["Dana Rutherford"],
        "published": "2022-11-08",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["data-analytics"],
        "summary": "Data analysts and data scientists both work with numbers, but their questions, tools and career paths differ. A side-by-side comparison.",
        "intro": [
            "Job boards list thousands of openings for data analysts and data scientists, and the descriptions often blur together. Both roles help organizations make better decisions with data. The distinction lies mostly in the kind of question each one answers and the depth of modeling involved.",
        ],
        "sections": [
            {"heading": "The data analyst's focus", "level": 2, "paragraphs": [
                "Analysts usually answer questions about what happened and why. How did sales change last quarter? Which marketing channel brought the most new customers? They pull data with SQL, clean it in spreadsheets or Python, and communicate findings through dashboards and short reports. Their work keeps managers informed day to day.",
            ]},
            {"heading": "The data scientist's focus", "level": 2, "paragraphs": [
                "Data scientists more often answer what will happen and what we should do about it. They build predictive models, run controlled experiments and develop algorithms for recommendation, pricing or fraud detection. The role requires deeper statistics, more programming and familiarity with machine learning libraries.",
            ]},
            {"heading": "Comparing the toolkits", "level": 2, "paragraphs": [
                "Both roles rely on SQL and at least one visualization tool. Analysts tend to spend more time in business intelligence platforms, while data scientists spend more time in notebooks, writing Python or R. Data scientists may also deploy models, which pulls them toward software engineering practices such as testing and version control.",
            ]},
            {"heading": "Education and experience", "level": 2, "paragraphs": [
                "Many analysts enter the field with a bachelor's degree in business, economics or a social science plus self-taught technical skills. Data scientist postings more frequently ask for a master's degree in data science, statistics, computer science or a quantitative field. Experience can substitute for credentials, but graduate training speeds up the learning of advanced methods.",
            ]},
            {"heading": "Moving from analyst to scientist", "level": 3, "paragraphs": [
                "A common trajectory starts in an analyst role and grows into data science. To make that move, deepen your statistics, learn a machine learning framework, and look for projects at work where prediction could add value. A part-time graduate program lets you build those skills without stepping away from your job.",
            ]},
            {"heading": "Which is right for you?", "level": 3, "paragraphs": [
                "If you enjoy storytelling with charts and quick turnaround, analysis may suit you. If you love math, experimentation and building systems, data science may be the better match. Neither is superior; both are essential.",
            ]},
        ],
        "related": ["data-science-careers", "business-analytics-careers", "studying-online-while-working"],
    },
    {
        "slug": "mba-vs-ms-degree",
        "title": "MBA vs. Master of Science: Which Degree Is Right for You?",
        "authors": ["Juliet Fairbanks"],
        "published": "2023-09-12",
        "updated": None,
        "originally_published": "March 2021",
        "topics": ["planning-for-grad-school", "career-advancement"],
        "areas": ["business"],
        "summary": "An MBA builds general management breadth, while a specialized MS builds depth in one discipline. Compare curriculum, cost, timing and outcomes.",
        "intro": [
            "Professionals weighing graduate business education usually face a fork in the road. The Master of Business Administration is the familiar generalist credential, covering every function of an organization. Specialized Master of Science programs, in fields such as finance, marketing analytics, supply chain or management, go deep on one subject instead.",
            "Neither option is universally better. The right choice depends on how much experience you have, where you want to work and how you prefer to learn.",
        ],
        "sections": [
            {"heading": "How the curricula differ", "level": 2, "paragraphs": [
                "An MBA core typically includes accounting, finance, marketing, operations, strategy and organizational behavior, followed by electives. Case discussions and team projects are common. A specialized MS spends most of its credit hours on a single domain, often with more quantitative and technical coursework, such as econometrics for a finance degree or optimization for a supply chain program.",
            ]},
            {"heading": "Who each degree is designed for", "level": 2, "paragraphs": [
                "Many MBA programs prefer applicants with several years of professional experience, because classroom discussion draws on what students have seen at work. Specialized MS programs frequently admit recent graduates or early-career professionals who want to sharpen a specific skill set before climbing the ladder.",
            ]},
            {"heading": "Time and cost", "level": 2, "paragraphs": [
                "Full-time MBAs commonly last two years, though accelerated and part-time formats exist. Specialized master's programs are often completed in one year of full-time study or two years part time. Shorter programs mean less tuition and less time away from earning, which matters if you are financing the degree yourself.",
            ]},
            {"heading": "Career outcomes", "level": 2, "paragraphs": [
                "The MBA remains the standard credential for general management, consulting and many executive tracks. It is especially useful for career switchers who need a broad reset. A specialized MS signals expertise and tends to lead to analyst, specialist and technical leadership roles in its field, with room to move into management later.",
            ]},
            {"heading": "Questions to ask yourself", "level": 3, "paragraphs": [
                "Do you want to lead a whole business unit someday, or become the go-to expert in one function? Does your employer value one credential over the other? How much work experience do you bring? Talking with people who hold each degree in your target industry is the fastest way to test your assumptions.",
            ]},
            {"heading": "A third option: stack both", "level": 3, "paragraphs": [
                "Some universities offer dual degrees or let graduate certificate credits count toward a later MBA. That flexibility lets you start with focused skills now and add management breadth when your career calls for it, without repeating courses you have already taken.",
            ]},
        ],
        "related": ["value-of-masters-degree", "business-analytics-careers", "graduate-certificate-vs-masters"],
    },
    {
        "slug": "gre-waivers-explained",
        "title": "Do You Need the GRE? Understanding Graduate Test Waivers",
        "authors": ["Corinne Adebayo"],
        "published": "2024-09-17",
        "updated": None,
        "originally_published": None,
        "topics": ["planning-for-grad-school"],
        "areas": [],
        "summary": "More graduate programs are dropping or waiving standardized test requirements. Learn how waivers work and when submitting a score still helps.",
        "intro": [
            "For decades, the Graduate Record Examinations were an unavoidable step on the way to a master's or doctoral program. That has changed. Many schools have made the GRE optional, offer waivers based on experience or grades, or no longer consider test scores at all. For applicants, the new landscape brings freedom and some confusion.",
        ],
        "sections": [
            {"heading": "Why programs are moving away from the test", "level": 2, "paragraphs": [
                "Admissions committees have questioned how well standardized scores predict success in graduate study, particularly for working professionals who have been out of school for years. Test preparation and fees also create a barrier for applicants with fewer resources. Removing the requirement can widen the pool of qualified candidates and simplify the process for adult learners.",
            ]},
            {"heading": "Common types of waivers", "level": 2, "paragraphs": [
                "Policies vary by institution and even by program, but several patterns are common. Some programs waive the test for applicants with a minimum undergraduate grade point average. Others waive it for candidates with a set number of years of relevant professional experience. Holding a prior graduate degree or a professional license, such as nursing or engineering licensure, may also qualify you.",
                "Some waivers are automatic once you meet the criteria, while others require a short written request explaining your qualifications.",
            ]},
            {"heading": "When submitting a score might still help", "level": 2, "paragraphs": [
                "If your undergraduate grades do not reflect your current ability, a strong quantitative score can reassure reviewers, particularly for analytics, engineering and economics programs. Applicants hoping for merit scholarships or competitive research assistantships should also check whether scores factor into those decisions even when admission is test-optional.",
            ]},
            {"heading": "How to find a program's policy", "level": 2, "paragraphs": [
                "Read the admissions requirements page for each specific program rather than the university's general page, because departments set their own rules. If anything is unclear, email the admissions office; staff answer these questions constantly and would rather you ask than guess.",
            ]},
            {"heading": "Strengthening an application without a test", "level": 3, "paragraphs": [
                "Without a score, other materials carry more weight. Invest time in a focused statement of purpose, choose recommenders who can describe specific accomplishments, and highlight any quantitative coursework or certifications you have completed. A clear, specific résumé that shows growth over time is equally persuasive.",
            ]},
        ],
        "related": ["statement-of-purpose-tips", "grad-school-recommendation-letters", "grad-school-interview-prep"],
    },
    {
        "slug": "statement-of-purpose-tips",
        "title": "How To Write a Strong Statement of Purpose",
        "authors": ["Lena Whitcombe"],
        "published": "2023-10-24",
        "updated": "2025-01-14",
        "originally_published": None,
        "topics": ["planning-for-grad-school"],
        "areas": [],
        "summary": "The statement of purpose is where admissions readers meet the person behind the transcript. These steps help you write one that is specific, honest and memorable.",
        "intro": [
            "Transcripts and résumés list what you have done. The statement of purpose explains why it matters and where you are headed next. For many admissions committees, it is the document that decides between two otherwise similar applicants, so it deserves more than a weekend of drafting.",
            "Below is a practical process for writing a statement that answers the questions readers actually have.",
        ],
        "sections": [
            {"heading": "Understand what readers are looking for", "level": 2, "paragraphs": [
                "Faculty and admissions staff want to know three things: why this field, why now and why this particular program. They also want evidence that you understand what graduate study involves and that you will contribute to the classroom or lab. Keep those questions visible while you write.",
            ]},
            {"heading": "Start with a specific moment, not a cliché", "level": 2, "paragraphs": [
                "Openings about lifelong passion tend to blur together. Instead, describe a concrete experience that sparked or deepened your interest: a failed prototype you rebuilt, a patient interaction that changed your thinking, a dataset that revealed something surprising. Specific details make your statement memorable and believable.",
            ]},
            {"heading": "Connect your past to your goals", "level": 2, "paragraphs": [
                "The middle of the statement should trace a line from what you have done to what you want to do. Highlight two or three experiences that built relevant skills and explain what you learned from each. Then state your short-term and long-term career goals as clearly as you can, even if they may change.",
            ]},
            {"heading": "Show you have researched the program", "level": 2, "paragraphs": [
                "Name courses, labs, experiential learning opportunities or faculty whose work aligns with your interests, and explain why. Generic praise for a university's reputation adds little; a precise reason shows genuine fit.",
            ]},
            {"heading": "Revise with fresh eyes", "level": 3, "paragraphs": [
                "Set your draft aside for several days, then read it aloud. Cut sentences that repeat your résumé without adding insight. Ask a mentor or colleague to tell you what they remember after one reading; if it is not what you intended, revise the emphasis. Finally, follow each program's word limit and prompt exactly.",
            ]},
            {"heading": "Address gaps directly and briefly", "level": 3, "paragraphs": [
                "If you have a low semester, a career break or an unusual path, a short, factual explanation is better than silence. Focus on what changed afterward and keep the tone forward-looking.",
            ]},
        ],
        "related": ["grad-school-recommendation-letters", "gre-waivers-explained", "grad-school-interview-prep"],
    },
    {
        "slug": "grad-school-recommendation-letters",
        "title": "How To Ask for a Graduate School Letter of Recommendation",
        "authors": ["Lena Whitcombe"],
        "published": "2022-10-04",
        "updated": None,
        "originally_published": None,
        "topics": ["planning-for-grad-school"],
        "areas": [],
        "summary": "Strong recommendation letters come from the right people, asked at the right time, with the right information. Here is how to manage the process.",
        "intro": [
            "Recommendation letters give admissions committees an outside view of your abilities. A letter that describes specific projects and compares you favorably with peers can lift an application; a vague or rushed one can quietly weaken it. The good news is that much of what makes a letter strong is within your control.",
        ],
        "sections": [
            {"heading": "Choose recommenders who know your work", "level": 2, "paragraphs": [
                "A famous name on letterhead matters less than detailed knowledge of your performance. Ideal recommenders include professors whose upper-level courses you excelled in, research supervisors and managers who have watched you solve problems. Working professionals applying years after college can rely mostly on supervisors, but one academic reference is helpful if you can obtain it.",
            ]},
            {"heading": "Ask early and ask clearly", "level": 2, "paragraphs": [
                "Give recommenders at least four to six weeks before the first deadline. Ask in person or by video call if possible, and phrase the request so they can decline gracefully: ask whether they feel they know your work well enough to write a strong letter. A hesitant response is a signal to ask someone else.",
            ]},
            {"heading": "Provide a helpful packet", "level": 2, "paragraphs": [
                "Make the writer's job easy. Share your current résumé, a draft of your statement of purpose, a list of programs with deadlines and submission instructions, and a short reminder of the projects you worked on together, including outcomes you are proud of. Mention any qualities you hope they can address, such as leadership or quantitative ability.",
            ]},
            {"heading": "Follow up politely", "level": 2, "paragraphs": [
                "Most application systems email recommenders a unique link and show you when a letter has arrived. Send a friendly reminder about a week before each deadline if a letter is still outstanding. Busy people appreciate the nudge.",
            ]},
            {"heading": "Say thank you and share the outcome", "level": 3, "paragraphs": [
                "After submissions are complete, send a handwritten note or thoughtful email. When you receive decisions, let your recommenders know where you are going. They invested time in your future and will enjoy hearing about it, and keeping them updated preserves a relationship you may need again for jobs, fellowships or doctoral applications.",
            ]},
            {"heading": "What about waiving your right to view the letter?", "level": 3, "paragraphs": [
                "Application forms usually ask whether you waive access to your letters. Waiving is standard and signals confidence; committees may give more weight to confidential letters.",
            ]},
        ],
        "related": ["statement-of-purpose-tips", "gre-waivers-explained", "international-graduate-students-guide"],
    },
    {
        "slug": "ways-to-finance-graduate-degree",
        "title": "6 Ways To Finance Your Graduate Degree",
        "authors": ["Juliet Fairbanks", "Corinne Adebayo"],
        "published": "2024-02-20",
        "updated": "2025-06-03",
        "originally_published": None,
        "topics": ["financing-your-education", "planning-for-grad-school"],
        "areas": [],
        "summary": "Tuition is only one piece of the cost of graduate school. Combine these six funding sources to reduce what you borrow.",
        "intro": [
            "Sticker prices can make graduate school seem out of reach, yet relatively few students pay the full published tuition out of pocket. Most assemble a mix of funding sources, each covering part of the bill. Understanding the options early, ideally before you apply, gives you time to pursue the ones that fit your situation.",
        ],
        "sections": [
            {"heading": "1. Employer tuition assistance", "level": 2, "paragraphs": [
                "Many companies reimburse a set amount of tuition each year for job-related coursework. Some require you to stay with the company for a period after finishing. Check your benefits handbook or ask human resources before enrolling, because approval is often needed in advance.",
            ]},
            {"heading": "2. Scholarships and grants", "level": 2, "paragraphs": [
                "Universities award merit and need-based scholarships, and professional associations, foundations and community groups offer more. Grants and scholarships do not need to be repaid, which makes them worth the effort of multiple applications.",
            ]},
            {"heading": "3. Assistantships and fellowships", "level": 2, "paragraphs": [
                "Teaching and research assistantships can provide a tuition discount or waiver plus a stipend in exchange for part-time work in a department. Fellowships are typically awarded for academic promise and may come with no work obligation at all.",
            ]},
            {"heading": "4 and 5. Federal and private student loans", "level": 2, "paragraphs": [
                "In the United States, graduate students can borrow through federal loan programs by completing the Free Application for Federal Student Aid. Federal loans offer fixed interest rates and access to income-driven repayment plans and certain forgiveness programs, protections private loans usually lack.",
                "Banks and credit unions offer education loans that can fill remaining gaps. Rates depend on credit history and may be variable. Compare offers carefully and borrow private money only after exhausting options that do not need repayment.",
            ]},
            {"heading": "6. Payment plans and part-time enrollment", "level": 2, "paragraphs": [
                "Many schools let you spread tuition across monthly installments with little or no interest. Studying part time while working also reduces the amount due each term and keeps a salary coming in, which can dramatically lower the overall amount you need to borrow.",
            ]},
            {"heading": "Build a complete budget", "level": 3, "paragraphs": [
                "Remember fees, books, software, technology, commuting and living costs. A realistic budget prevents surprise borrowing mid-program and helps you judge whether the expected salary increase justifies the investment.",
            ]},
        ],
        "related": ["employer-tuition-assistance", "graduate-scholarships-and-grants", "graduate-assistantships"],
    },
    {
        "slug": "employer-tuition-assistance",
        "title": "How To Ask Your Employer To Pay for Grad School",
        "authors": ["Juliet Fairbanks"],
        "published": "2023-06-27",
        "updated": None,
        "originally_published": None,
        "topics": ["financing-your-education", "career-advancement"],
        "areas": [],
        "summary": "Employer sponsorship can cover a large share of graduate tuition. Prepare a proposal that shows how your degree benefits the organization.",
        "intro": [
            "Employer tuition benefits are among the most underused perks in the workplace. Some employees never check whether their company offers them; others assume their manager will say no. With preparation, a request for sponsorship can be a straightforward business conversation rather than an awkward favor.",
        ],
        "sections": [
            {"heading": "Research the existing policy", "level": 2, "paragraphs": [
                "Start with your employee handbook or benefits portal. Look for the annual reimbursement cap, eligible programs, grade requirements, approval steps and any obligation to remain employed for a period after completion. Knowing the rules lets you frame your request within them, which makes approval easier.",
            ]},
            {"heading": "Connect the degree to business goals", "level": 2, "paragraphs": [
                "Managers approve spending that solves problems. Identify challenges your team faces, such as a shortage of data skills, new regulations or a planned expansion, and show how specific courses will help you address them. If you can name a capstone project that could tackle a real company issue, even better.",
            ]},
            {"heading": "Write a short proposal", "level": 2, "paragraphs": [
                "A one- or two-page document usually works best. Include the program name and format, total cost and timeline, how you will balance coursework with your responsibilities, the skills you expect to gain and how you will share what you learn with colleagues. Offering to present key lessons to the team signals that the investment benefits more than one person.",
            ]},
            {"heading": "Time the conversation well", "level": 2, "paragraphs": [
                "Budget planning season and performance reviews are natural moments to raise the topic. Avoid asking during a crisis or right after a missed deadline. Schedule a dedicated meeting rather than mentioning it in passing.",
            ]},
            {"heading": "If the answer is no", "level": 3, "paragraphs": [
                "Ask what would change the decision. Perhaps partial funding, a single certificate course or a delayed start is possible. Some employers also offer flexible schedules or study leave even when they cannot pay tuition. A polite, curious response keeps the door open for next year.",
            ]},
            {"heading": "Know the tax rules", "level": 3, "paragraphs": [
                "In the United States, a portion of employer-provided education assistance each year may be excluded from taxable income. Amounts above the limit may be taxed, so check current rules with a tax professional before you enroll.",
            ]},
        ],
        "related": ["ways-to-finance-graduate-degree", "studying-online-while-working", "value-of-masters-degree"],
    },
    {
        "slug": "graduate-assistantships",
        "title": "What Is a Graduate Assistantship, and Should You Apply?",
        "authors": ["Mina Castellanos"],
        "published": "2022-05-17",
        "updated": None,
        "originally_published": None,
        "topics": ["financing-your-education", "student-life"],
        "areas": [],
        "summary": "Graduate assistantships pair part-time university work with tuition support and a stipend. Learn the types, the workload and how to land one.",
        "intro": [
            "A graduate assistantship is part job, part scholarship. Students work a set number of hours each week for a department or office, and in return they receive a stipend and often a full or partial tuition remission. For students who can commit the time, it is one of the most effective ways to reduce the cost of a degree while gaining experience.",
            "Assistantships come in several flavors, and the duties, hours and benefits differ from one campus to another. Here is an overview to help you decide whether to pursue one.",
        ],
        "sections": [
            {"heading": "Teaching assistantships", "level": 2, "paragraphs": [
                "Teaching assistants lead recitation sections, grade assignments, hold office hours and sometimes teach introductory courses under faculty supervision. The role builds presentation and mentoring skills and is especially valuable for anyone considering an academic career.",
            ]},
            {"heading": "Research assistantships", "level": 2, "paragraphs": [
                "Research assistants support a faculty member's funded project by running experiments, collecting and analyzing data, writing code or reviewing literature. In many engineering and science departments, a research assistantship is the main path to a thesis topic and a strong recommendation letter.",
            ]},
            {"heading": "Administrative assistantships", "level": 2, "paragraphs": [
                "Offices such as admissions, student affairs, career services or residence life also employ graduate assistants. These roles suit students in education, business and counseling programs who want practical experience in a university setting.",
            ]},
            {"heading": "Balancing the workload", "level": 2, "paragraphs": [
                "A typical half-time assistantship requires around twenty hours of work per week. Combined with a full course load, that schedule is demanding. Treat the assistantship like a professional job, keep a shared calendar with your supervisor and communicate early when exam weeks collide with grading deadlines.",
            ]},
            {"heading": "How to find and apply for positions", "level": 2, "paragraphs": [
                "Ask your program coordinator how assistantships are awarded. Some departments consider every admitted student automatically; others post openings on a university job board. Reach out to faculty whose research interests you, attach a résumé and explain the skills you can contribute. Apply early, because positions are limited and often filled before the semester begins.",
            ]},
            {"heading": "Check the fine print", "level": 3, "paragraphs": [
                "Confirm whether tuition remission covers fees, whether health insurance is included and how stipends are taxed. Renewal may depend on academic standing, so keep your grades up. International students should also confirm how many hours their visa allows them to work on campus each week.",
            ]},
        ],
        "related": ["ways-to-finance-graduate-degree", "graduate-scholarships-and-grants", "time-management-for-grad-students"],
    },
    {
        "slug": "graduate-scholarships-and-grants",
        "title": "Finding Scholarships and Grants for Graduate Students",
        "authors": ["Corinne Adebayo"],
        "published": "2025-01-28",
        "updated": None,
        "originally_published": None,
        "topics": ["financing-your-education"],
        "areas": [],
        "summary": "Free money for graduate school exists, but it takes a strategy to find it. Where to look, how to apply and how to stay organized.",
        "intro": [
            "Undergraduate scholarships get most of the attention, which leaves many graduate students assuming that gift aid dries up after a bachelor's degree. In reality, universities, professional societies, employers and foundations fund thousands of graduate awards every year. Competition can be lighter than you expect simply because fewer people apply.",
            "Finding those awards is mostly a matter of knowing where to search and setting aside regular time to apply. The strategies below will help you build a steady pipeline of applications.",
        ],
        "sections": [
            {"heading": "Start with your university", "level": 2, "paragraphs": [
                "Institutional awards are usually the largest and easiest to access. Ask admissions and the financial aid office which merit scholarships exist, whether you are automatically considered, and whether there are separate awards for returning professionals, veterans or alumni. Departments sometimes hold their own funds that are not listed on central pages.",
            ]},
            {"heading": "Look to professional associations", "level": 2, "paragraphs": [
                "Societies for engineers, nurses, educators, accountants and data professionals often fund graduate students in their field. Membership fees for students are modest, and being a member may be a requirement to apply. These awards also add a recognizable line to your résumé.",
            ]},
            {"heading": "Explore identity and community-based awards", "level": 2, "paragraphs": [
                "Many foundations support students from particular backgrounds, regions or first-generation families, as well as women in STEM fields. Local civic clubs, religious organizations and credit unions offer smaller awards that attract few applicants.",
            ]},
            {"heading": "Understand grants for graduate study", "level": 2, "paragraphs": [
                "Grants are usually need-based and may come from government programs or private foundations. Some target specific careers, such as teaching in high-need schools, in exchange for a service commitment. Read obligations carefully; if you do not fulfill them, a grant may convert into a loan.",
            ]},
            {"heading": "Build a reusable application kit", "level": 3, "paragraphs": [
                "Keep an up-to-date résumé, a flexible personal essay, transcripts and a list of recommenders ready. Tailor the first and last paragraphs of your essay to each award's mission rather than rewriting from scratch. A simple spreadsheet with deadlines, requirements and status will keep you from missing opportunities.",
            ]},
            {"heading": "Avoid scholarship scams", "level": 3, "paragraphs": [
                "Legitimate scholarships never require an application fee or a payment to claim an award. Be skeptical of services that guarantee results, and verify unfamiliar organizations before sharing personal information.",
            ]},
        ],
        "related": ["ways-to-finance-graduate-degree", "graduate-assistantships", "budgeting-tips-for-grad-students"],
    },
    {
        "slug": "budgeting-tips-for-grad-students",
        "title": "Budgeting Tips for Graduate Students on a Tight Income",
        "authors": ["Mina Castellanos"],
        "published": "2022-04-19",
        "updated": None,
        "originally_published": None,
        "topics": ["financing-your-education", "student-life"],
        "areas": [],
        "summary": "Stipends, part-time pay and loan disbursements arrive on awkward schedules. A practical budget keeps graduate school from turning into a financial strain.",
        "intro": [
            "Money management in graduate school has its own quirks. Income may arrive as a monthly stipend, a lump-sum loan disbursement at the start of each term or a reduced paycheck from part-time work. Expenses, meanwhile, cluster around the beginning of semesters when tuition, books and deposits come due. A budget designed for that rhythm reduces stress and keeps borrowing in check.",
        ],
        "sections": [
            {"heading": "Map your income by month", "level": 2, "paragraphs": [
                "List every source of money you expect during the academic year and the exact month it will arrive. If loan funds come in two large payments, divide them across the months they must cover, and move the money into a separate savings account so it is not spent too quickly. Seeing the calendar makes lean months predictable rather than surprising.",
            ]},
            {"heading": "Separate fixed and flexible costs", "level": 2, "paragraphs": [
                "Rent, insurance, phone service and loan interest are fixed. Groceries, transportation, dining out and entertainment are flexible. Cover the fixed list first, then set modest weekly limits for the flexible categories. Many students find a simple envelope system or a budgeting app keeps them honest without much effort.",
            ]},
            {"heading": "Cut the big costs, not just the small ones", "level": 2, "paragraphs": [
                "Skipping coffee helps a little; choosing a cheaper apartment, sharing housing or living slightly farther from campus with a good transit connection helps a lot. Look at transportation, housing and insurance before obsessing over small daily purchases.",
            ]},
            {"heading": "Take advantage of student discounts", "level": 2, "paragraphs": [
                "Your student ID can unlock reduced transit passes, software licenses, museum entry, gym memberships and phone plans. University libraries provide textbooks on reserve, research databases and sometimes laptop loans. Campus food pantries exist at many schools and are there to be used, not only in emergencies.",
            ]},
            {"heading": "Keep a small emergency fund", "level": 3, "paragraphs": [
                "Even a few hundred dollars set aside prevents a car repair or medical bill from landing on a high-interest credit card. Add a small amount every month, and refill it after you use it.",
            ]},
            {"heading": "Plan for repayment now", "level": 3, "paragraphs": [
                "If you borrow, know your total balance and the interest accruing while you study. Paying even small amounts of interest during school reduces what you owe later, and understanding repayment options before graduation makes the transition to full-time work much smoother.",
            ]},
        ],
        "related": ["ways-to-finance-graduate-degree", "graduate-scholarships-and-grants", "graduate-assistantships"],
    },
    {
        "slug": "studying-online-while-working",
        "title": "Tips for Earning Your Degree Online While Working Full Time",
        "authors": ["Samir Okonkwo-Hale"],
        "published": "2021-09-14",
        "updated": "2023-08-29",
        "originally_published": None,
        "topics": ["online-learning", "student-life"],
        "areas": [],
        "summary": "Online graduate programs make it possible to keep your job while you study, but they demand discipline. Practical habits from students who have done it.",
        "intro": [
            "Online graduate programs have opened advanced education to people who cannot relocate or leave a paycheck behind. The tradeoff is that you become the manager of your own learning. Lectures wait for you, but deadlines do not, and the hours after a full workday disappear quickly.",
            "Students who finish successfully tend to share a handful of habits. Here they are.",
        ],
        "sections": [
            {"heading": "Design a weekly study rhythm", "level": 2, "paragraphs": [
                "Rather than studying whenever time appears, block specific hours on your calendar each week and protect them as you would a meeting with your boss. Many working students prefer early mornings before email begins, while others use lunch breaks for reading and reserve weekends for projects. Consistency matters more than the exact schedule.",
            ]},
            {"heading": "Create a dedicated workspace", "level": 2, "paragraphs": [
                "A specific desk or corner signals to your brain, and to your household, that you are in class. Keep course materials there, use headphones and silence notifications from work apps during study time.",
            ]},
            {"heading": "Talk openly with your employer", "level": 2, "paragraphs": [
                "Let your manager know you are enrolled, especially if exams or project deadlines might overlap with busy periods at work. Supportive employers may offer flexible hours, and some will let you apply course projects to real workplace problems, which lightens the load on both sides.",
            ]},
            {"heading": "Engage beyond the minimum", "level": 2, "paragraphs": [
                "Online learning can feel isolating if you only watch recordings. Join live sessions when offered, post thoughtful questions on discussion boards and form a virtual study group. Classmates in online programs are often experienced professionals, and those relationships become part of your network.",
            ]},
            {"heading": "Use university support services", "level": 2, "paragraphs": [
                "Online students usually have access to the same library, writing center, tutoring and career advising as on-campus students. Learn how to reach them in the first week instead of waiting until you are stuck.",
            ]},
            {"heading": "Protect your energy", "level": 3, "paragraphs": [
                "Sleep, exercise and time with family are not luxuries; they are what make sustained effort possible. Build rest into your plan, and consider taking one course during particularly demanding seasons at work rather than burning out. Finishing a term later is far better than not finishing at all.",
            ]},
        ],
        "related": ["online-vs-on-campus-programs", "time-management-for-grad-students", "is-an-online-degree-worth-it"],
    },
    {
        "slug": "online-vs-on-campus-programs",
        "title": "Online vs. On-Campus Graduate Programs: How To Choose",
        "authors": ["Theo Marchetti"],
        "published": "2021-06-08",
        "updated": None,
        "originally_published": None,
        "topics": ["online-learning", "planning-for-grad-school"],
        "areas": [],
        "summary": "The same degree can often be earned online, on campus or in a hybrid format. Compare flexibility, interaction, cost and career support.",
        "intro": [
            "Universities increasingly offer their graduate programs in more than one format. The diploma may look identical whether you attend in a lecture hall or from your kitchen table, yet the experience of earning it can be very different. Choosing the format that suits your life is as important as choosing the program itself.",
        ],
        "sections": [
            {"heading": "Flexibility and pacing", "level": 2, "paragraphs": [
                "Online programs, particularly asynchronous ones, let you watch lectures and complete assignments on your own schedule within weekly deadlines. That flexibility is ideal for people with full-time jobs, caregiving duties or unpredictable travel. On-campus programs follow a fixed timetable, which some students find helps them stay on track.",
            ]},
            {"heading": "Interaction and community", "level": 2, "paragraphs": [
                "Campus programs offer spontaneous conversations after class, in-person lab work and easy access to faculty offices. Online programs have worked hard to replicate this with live seminars, virtual office hours and collaboration tools, but building relationships requires more intention. Hybrid options blend the two, often with short on-campus residencies.",
            ]},
            {"heading": "Cost considerations", "level": 2, "paragraphs": [
                "Tuition for online and campus formats is sometimes the same, sometimes different. The bigger savings online usually come from avoided relocation, commuting and lost wages. On the other hand, campus students may have better access to assistantships that reduce tuition.",
            ]},
            {"heading": "Hands-on learning and equipment", "level": 2, "paragraphs": [
                "Fields that depend on specialized labs, studios or clinical settings may require some in-person time. Many online engineering and health programs solve this with remote lab kits, simulation software or local placements. Ask how practical components are delivered before you enroll.",
            ]},
            {"heading": "Career services and networking", "level": 2, "paragraphs": [
                "Check whether online students can use the same career coaching, job boards, co-op opportunities and alumni networks as residential students. At strong institutions the answer is yes, but it is worth confirming.",
            ]},
            {"heading": "Making the decision", "level": 3, "paragraphs": [
                "List your nonnegotiables: keeping your job, living near family, access to a particular lab or immersion in campus life. Then compare each format against that list. If you are still unsure, ask admissions to connect you with current students in both formats and listen to how they describe a typical week.",
            ]},
        ],
        "related": ["studying-online-while-working", "is-an-online-degree-worth-it", "value-of-masters-degree"],
    },
    {
        "slug": "time-management-for-grad-students",
        "title": "Time Management Strategies for Busy Graduate Students",
        "authors": ["Dana Rutherford"],
        "published": "2022-02-15",
        "updated": None,
        "originally_published": None,
        "topics": ["student-life", "online-learning"],
        "areas": [],
        "summary": "Graduate school adds readings, projects and research to lives that are already full. These time management methods help you stay ahead.",
        "intro": [
            "Graduate coursework rarely arrives in neat, evenly spaced portions. One week brings three readings and a short quiz; the next brings a research paper, a team presentation and an exam. Add a job, a family or an assistantship, and it becomes clear why time management is one of the first skills graduate students need to master.",
            "The strategies below are drawn from common advice of academic advisors and experienced students. Try a few, keep what works for your situation and discard the rest.",
        ],
        "sections": [
            {"heading": "See the whole semester at once", "level": 2, "paragraphs": [
                "On the first day of each term, copy every due date from every syllabus into a single calendar. Mark weeks where deadlines pile up, then plan to start those assignments early. A semester-level view turns surprises into manageable peaks.",
            ]},
            {"heading": "Break large projects into small tasks", "level": 2, "paragraphs": [
                "A thesis chapter or capstone report can feel paralyzing. Divide it into steps small enough to finish in a single sitting: find five sources, outline section two, clean the dataset, draft the methods paragraph. Checking off concrete steps builds momentum and makes progress visible.",
            ]},
            {"heading": "Use time blocking and focus sessions", "level": 2, "paragraphs": [
                "Assign specific tasks to specific blocks of time rather than keeping an open-ended to-do list. Short, timed work intervals separated by brief breaks help many people resist distraction. Turn off phone notifications and close unrelated browser tabs during these sessions.",
            ]},
            {"heading": "Match tasks to your energy", "level": 2, "paragraphs": [
                "Do demanding work such as writing or problem sets when you are most alert, and save email, formatting and errands for lower-energy periods. Paying attention to your own rhythms is more effective than copying someone else's routine.",
            ]},
            {"heading": "Learn to say no, kindly", "level": 2, "paragraphs": [
                "Graduate school presents endless opportunities: clubs, extra projects, conferences and volunteer roles. Each may be valuable, but together they can crowd out your core commitments. Before agreeing to something new, ask what you would have to give up to make room for it.",
            ]},
            {"heading": "Review and adjust weekly", "level": 3, "paragraphs": [
                "Spend fifteen minutes each weekend reviewing what worked and what slipped. Move unfinished tasks, update your calendar and identify the three most important goals for the coming week. This small habit keeps your plan realistic and prevents the end-of-semester scramble that so many students dread.",
            ]},
        ],
        "related": ["studying-online-while-working", "imposter-syndrome-in-grad-school", "graduate-assistantships"],
    },
    {
        "slug": "imposter-syndrome-in-grad-school",
        "title": "Overcoming Imposter Syndrome in Graduate School",
        "authors": ["Lena Whitcombe"],
        "published": "2023-02-07",
        "updated": None,
        "originally_published": None,
        "topics": ["student-life"],
        "areas": [],
        "summary": "Feeling like you do not belong in graduate school is remarkably common. Practical ways to recognize imposter thoughts and keep them from holding you back.",
        "intro": [
            "You were admitted, you enrolled and now you sit in a seminar where everyone else seems to speak fluently about theories you only half understand. A quiet voice suggests that the admissions committee made a mistake. If that sounds familiar, you are in very large company. Surveys of graduate students consistently find that many experience imposter feelings, especially in their first year.",
            "Imposter syndrome is not a diagnosis, but it can quietly shape decisions, such as not asking questions or not applying for opportunities. Here is how to recognize it and respond.",
        ],
        "sections": [
            {"heading": "What imposter syndrome looks like", "level": 2, "paragraphs": [
                "The pattern usually includes attributing success to luck, fearing that others will discover you are less capable than they think, and discounting praise. It can lead to over-preparation, perfectionism or, in the opposite direction, avoiding challenges so you cannot fail. First-generation students, career changers and people from underrepresented groups often feel it most intensely.",
            ]},
            {"heading": "Name the thought when it appears", "level": 2, "paragraphs": [
                "Simply recognizing an imposter thought as a familiar pattern, rather than a fact, reduces its power. When you notice yourself thinking that you are the only one struggling, pause and ask what evidence supports that belief. Usually the evidence is thin.",
            ]},
            {"heading": "Keep a record of accomplishments", "level": 2, "paragraphs": [
                "Maintain a running document of positive feedback, solved problems and milestones, however small. On difficult days, reread it. Concrete proof of progress is hard for the inner critic to argue with.",
            ]},
            {"heading": "Talk about it with peers and mentors", "level": 2, "paragraphs": [
                "Once one person in a cohort admits feeling out of place, others usually follow. Peer study groups, student organizations and candid conversations with advisors reveal that confusion is a normal part of learning at an advanced level. Many faculty members will readily describe their own early doubts.",
            ]},
            {"heading": "Reframe what learning should feel like", "level": 2, "paragraphs": [
                "Graduate programs are designed to push you beyond what you already know. Feeling stretched is a sign that the program is working, not that you are failing. Expertise is built through exactly this kind of discomfort.",
            ]},
            {"heading": "When to seek additional support", "level": 3, "paragraphs": [
                "If self-doubt is accompanied by persistent anxiety, low mood or trouble sleeping, reach out to your university's counseling services. Most campuses offer confidential sessions to graduate students, including those studying online, and seeking help early is a strength, not a weakness.",
            ]},
        ],
        "related": ["time-management-for-grad-students", "international-graduate-students-guide", "networking-tips-for-grad-students"],
    },
    {
        "slug": "cybersecurity-trends",
        "title": "Cybersecurity Trends Every Technology Professional Should Watch",
        "authors": ["Grant Iwasaki"],
        "published": "2025-05-20",
        "updated": None,
        "originally_published": None,
        "topics": ["industry-trends"],
        "areas": ["computer-science"],
        "summary": "Attackers are adopting new tools as quickly as defenders. These cybersecurity trends are reshaping how organizations protect data and systems.",
        "intro": [
            "Security breaches now make headlines weekly, affecting hospitals, city governments, retailers and software suppliers alike. The threat landscape changes so quickly that last year's best practices can become this year's weak points. Whether you work in security or simply build and run technology, these trends deserve your attention.",
            "Below are several shifts that security leaders, hiring managers and researchers keep returning to, along with what each one means for the skills you should develop.",
        ],
        "sections": [
            {"heading": "AI on both sides of the fight", "level": 2, "paragraphs": [
                "Attackers use generative models to write convincing phishing messages, clone voices and automate reconnaissance. Defenders use machine learning to flag unusual network behavior and triage alerts. Security teams increasingly need people who understand how these models work, how they fail and how they can be manipulated through poisoned data or malicious prompts.",
            ]},
            {"heading": "Zero trust becomes the default architecture", "level": 2, "paragraphs": [
                "The old model of a trusted internal network behind a firewall no longer fits a world of cloud services and remote work. Zero trust approaches verify every user, device and request continuously. Implementing them requires identity management expertise and careful redesign of legacy applications.",
            ]},
            {"heading": "Software supply chain security", "level": 2, "paragraphs": [
                "Modern applications rely on hundreds of open-source packages and third-party services. Compromising a single widely used component can give attackers access to thousands of organizations. Expect growing use of software bills of materials, signed builds and automated dependency scanning.",
            ]},
            {"heading": "Ransomware targeting critical services", "level": 2, "paragraphs": [
                "Ransomware groups increasingly target organizations that cannot afford downtime, such as hospitals, schools and utilities. Tested backups, segmented networks and practiced incident response plans are now basic requirements rather than advanced measures.",
            ]},
            {"heading": "Regulation and disclosure rules", "level": 2, "paragraphs": [
                "Governments are tightening requirements for breach reporting and for security practices in critical infrastructure. Professionals who combine technical skills with knowledge of compliance frameworks are in short supply. Boards of directors are also asking sharper questions about cyber risk, which pushes security leaders to explain threats in financial terms that executives understand.",
            ]},
            {"heading": "What these trends mean for your career", "level": 3, "paragraphs": [
                "The workforce gap in cybersecurity remains large, and employers value candidates who can learn continuously. A graduate program in cybersecurity or information assurance provides a structured foundation in cryptography, network defense, risk management and policy, while hands-on labs and capture-the-flag competitions sharpen practical skills that hiring managers test in interviews.",
            ]},
        ],
        "related": ["start-a-cybersecurity-career", "ai-in-business", "become-a-machine-learning-engineer"],
    },
    {
        "slug": "start-a-cybersecurity-career",
        "title": "How To Start a Career in Cybersecurity",
        "authors": ["Grant Iwasaki"],
        "published": "2022-12-06",
        "updated": "2024-11-19",
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["computer-science"],
        "summary": "Cybersecurity welcomes people from many backgrounds. A roadmap of entry-level roles, foundational skills, certifications and education options.",
        "intro": [
            "Cybersecurity has a reputation as a field for hackers who started coding as children, but the people working in it came from remarkably varied paths: help desk technicians, military veterans, auditors, network administrators, even teachers and journalists. What they share is curiosity, persistence and a willingness to keep learning as threats change.",
        ],
        "sections": [
            {"heading": "Learn the foundations first", "level": 2, "paragraphs": [
                "Security rests on an understanding of how systems work. Before diving into attack techniques, get comfortable with networking fundamentals, operating systems, especially Linux, and at least one scripting language such as Python. Knowing how data moves and how computers are configured makes it far easier to recognize when something is wrong.",
            ]},
            {"heading": "Explore entry-level roles", "level": 2, "paragraphs": [
                "Common starting points include security operations center analyst, IT support with security duties, vulnerability management analyst and governance, risk and compliance associate. Each offers exposure to real incidents and tools. Many professionals later specialize in penetration testing, cloud security, digital forensics or security architecture.",
            ]},
            {"heading": "Earn targeted certifications", "level": 2, "paragraphs": [
                "Entry-level certifications covering security fundamentals signal baseline knowledge to employers and help your résumé pass automated screening. As you gain experience, more advanced credentials in areas like ethical hacking, cloud security or security management become valuable. Choose certifications that match the jobs you are applying for rather than collecting as many as possible.",
            ]},
            {"heading": "Practice in safe environments", "level": 2, "paragraphs": [
                "Home labs built with virtual machines, online practice ranges and capture-the-flag competitions let you try defensive and offensive techniques legally. Document what you build and learn in a blog or portfolio; hiring managers appreciate clear write-ups of how you solved a problem.",
            ]},
            {"heading": "Consider a graduate degree", "level": 2, "paragraphs": [
                "A master's in cybersecurity accelerates the transition for career changers and prepares experienced practitioners for leadership. Look for programs with hands-on labs, coverage of policy and law, and opportunities for co-ops or projects with industry partners.",
            ]},
            {"heading": "Build your network", "level": 3, "paragraphs": [
                "Local security meetups, professional association chapters and conferences are friendly to newcomers. Volunteering at an event is an easy way to meet practitioners, many of whom found their first job through someone they met in exactly that setting.",
            ]},
        ],
        "related": ["cybersecurity-trends", "changing-careers-with-graduate-degree", "project-management-certifications"],
    },
    {
        "slug": "project-management-certifications",
        "title": "Top Project Management Certifications and How To Choose One",
        "authors": ["Samir Okonkwo-Hale"],
        "published": "2024-05-21",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["business", "engineering"],
        "summary": "Project management credentials range from beginner certificates to senior designations. Compare the most common options and how they fit with graduate study.",
        "intro": [
            "Project managers work in construction, software, healthcare, government and nearly every other sector. Because the job title is so widespread, employers look for credentials that show a candidate understands recognized methods for planning, budgeting and delivering work. Certifications fill that role, and choosing the right one depends on your experience and industry.",
        ],
        "sections": [
            {"heading": "Entry-level certifications", "level": 2, "paragraphs": [
                "Associate-level credentials from major project management bodies are designed for people with little formal experience. They cover terminology, process groups and core knowledge areas and usually require a set number of hours of project management education. They are a good choice for recent graduates or professionals who manage projects informally and want to make it official.",
            ]},
            {"heading": "The widely recognized professional credential", "level": 2, "paragraphs": [
                "The most commonly requested certification in job postings requires several years of project leadership experience, formal training hours and a rigorous exam covering predictive, agile and hybrid approaches. Holders often report higher salaries than peers without it, and many organizations treat it as a prerequisite for senior roles.",
            ]},
            {"heading": "Agile and scrum certifications", "level": 2, "paragraphs": [
                "Software and product teams frequently work in short iterations. Certifications in scrum mastery, product ownership or scaled agile frameworks demonstrate familiarity with these methods. They are shorter to earn but more specialized, so pair them with broader experience.",
            ]},
            {"heading": "Industry-specific options", "level": 2, "paragraphs": [
                "Construction, information technology service management and government contracting each have credentials tailored to their regulations and practices. If you plan to stay in one sector, a specialized certification can differentiate you from generalists.",
            ]},
            {"heading": "How certifications and degrees work together", "level": 2, "paragraphs": [
                "A master's degree in project management or engineering management goes beyond exam preparation, covering leadership, risk analysis, procurement and organizational strategy in depth. Many graduate programs also satisfy the education hours required for certification exams, allowing students to earn both credentials on a single timeline.",
            ]},
            {"heading": "Choosing the right first step", "level": 3, "paragraphs": [
                "Review ten job postings for the role you want next and note which credentials appear most often. Then check each certification's eligibility requirements, renewal obligations and cost. Starting with the credential employers actually request keeps your effort focused and your investment worthwhile.",
            ]},
        ],
        "related": ["how-to-become-an-engineering-manager", "graduate-certificate-vs-masters", "systems-engineer-career-guide"],
    },
    {
        "slug": "what-does-a-ux-designer-do",
        "title": "What Does a UX Designer Do? Skills, Tools and Career Paths",
        "authors": ["Mina Castellanos"],
        "published": "2023-08-08",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "industry-trends"],
        "areas": ["computer-science"],
        "summary": "User experience designers make digital products intuitive and enjoyable. Learn what the job involves day to day and how people break into the field.",
        "intro": [
            "Every time an app feels effortless, or a checkout page lets you finish a purchase without confusion, a user experience designer probably spent weeks getting it right. UX design combines empathy, research and visual problem solving to shape how people interact with websites, software, devices and services.",
            "The field has grown rapidly alongside the spread of smartphones and software-as-a-service products, and it now employs researchers, interaction designers, content strategists and design leaders in almost every industry.",
        ],
        "sections": [
            {"heading": "A typical UX design process", "level": 2, "paragraphs": [
                "Projects usually begin with research: interviewing users, observing how they currently complete tasks and reviewing analytics. Designers then define the problem, sketch possible solutions, build wireframes and interactive prototypes and test them with real people. Findings feed back into the design, and the cycle repeats until the experience works well enough to ship, after which measurement continues.",
            ]},
            {"heading": "Core skills", "level": 2, "paragraphs": [
                "Strong UX designers listen carefully, synthesize messy qualitative data into clear insights and communicate design decisions persuasively to engineers and product managers. They understand information architecture, accessibility guidelines and basic visual design principles such as hierarchy, contrast and spacing. Some also write front-end code, which helps them collaborate with developers.",
            ]},
            {"heading": "Tools of the trade", "level": 2, "paragraphs": [
                "Collaborative interface design applications dominate day-to-day work, alongside whiteboarding tools, usability testing platforms and survey software. Tools change often, so employers care more about your process and judgment than about mastery of any single application.",
            ]},
            {"heading": "Specializations within UX", "level": 2, "paragraphs": [
                "As teams grow, roles split. UX researchers focus on studies and insights. Interaction designers concentrate on flows and behaviors. UX writers craft the words inside interfaces. Service designers map entire customer journeys across digital and physical touchpoints. Design operations specialists keep large design teams efficient.",
            ]},
            {"heading": "Breaking into the field", "level": 2, "paragraphs": [
                "A portfolio showing how you approached real problems, not just polished screens, is essential. Graduate programs in user experience, human-computer interaction or interaction design offer structured training in research methods and provide projects with outside partners. Career changers from psychology, journalism, marketing and software development often do well because they bring complementary skills.",
            ]},
            {"heading": "The outlook for UX professionals", "level": 3, "paragraphs": [
                "As artificial intelligence features appear in more products, designers are needed to make those systems understandable and trustworthy. Accessibility regulations are also expanding, increasing demand for designers who can build inclusive experiences from the start.",
            ]},
        ],
        "related": ["changing-careers-with-graduate-degree", "ai-in-business", "become-an-instructional-designer"],
    },
    {
        "slug": "nurse-leaders-in-demand",
        "title": "Why Nurse Leaders Are in High Demand",
        "authors": ["Corinne Adebayo"],
        "published": "2024-11-05",
        "updated": None,
        "originally_published": "June 2022",
        "topics": ["career-advancement", "industry-trends"],
        "areas": ["healthcare"],
        "summary": "Hospitals and health systems need nurses who can lead teams, manage resources and improve patient outcomes. Here is why nurse leadership is growing and how to prepare.",
        "intro": [
            "Nursing has always involved leadership at the bedside, but health systems now need nurses to lead at every level: charge nurses coordinating a shift, nurse managers overseeing units, directors running service lines and chief nursing officers shaping organizational strategy. Staffing pressures, an aging population and the push for better quality have made these roles more important than ever.",
            "For registered nurses who want to influence how care is delivered across an entire unit or organization, leadership offers a path to broader impact. Here is a closer look at the forces behind the demand and the preparation that helps nurses step into these roles.",
        ],
        "sections": [
            {"heading": "Forces driving the demand", "level": 2, "paragraphs": [
                "Many experienced nurse managers are approaching retirement, while burnout has pushed others out of the profession. At the same time, hospitals face stricter quality reporting, complex reimbursement rules and growing patient volumes. Organizations need leaders who understand clinical realities and can also manage budgets, staffing models and change initiatives.",
            ]},
            {"heading": "What nurse leaders do", "level": 2, "paragraphs": [
                "Nurse leaders recruit and retain staff, build schedules, monitor quality metrics such as falls and infections, handle patient and family concerns and translate organizational goals into daily practice. At higher levels they collaborate with physicians and executives on strategic planning, technology adoption and community health initiatives.",
            ]},
            {"heading": "Skills that set leaders apart", "level": 2, "paragraphs": [
                "Effective nurse leaders communicate clearly under pressure, resolve conflict fairly and support their teams' wellbeing. They are comfortable with data, using dashboards to spot trends in patient outcomes or overtime costs. They also understand evidence-based practice well enough to champion improvements and explain the reasoning to skeptical colleagues.",
            ]},
            {"heading": "Educational pathways", "level": 2, "paragraphs": [
                "Many leadership positions now prefer or require a graduate degree. Master of Science in Nursing programs with a leadership or administration focus cover health policy, finance, quality improvement and organizational behavior. Doctor of Nursing Practice programs prepare nurses for executive roles and systems-level change. Professional certifications in nurse leadership can further validate your expertise.",
            ]},
            {"heading": "Taking your first step", "level": 3, "paragraphs": [
                "Start by volunteering for unit committees, precepting new graduates or serving as a charge nurse. Ask your manager about leadership development programs, and look for a mentor who holds the kind of role you want in five years. Those experiences, combined with graduate study, create a strong foundation for leading the future of nursing.",
            ]},
        ],
        "related": ["healthcare-administration-careers", "what-is-health-informatics", "masters-in-public-health-careers"],
    },
    {
        "slug": "what-is-health-informatics",
        "title": "What Is Health Informatics? A Guide to a Growing Field",
        "authors": ["Dana Rutherford", "Corinne Adebayo"],
        "published": "2023-11-14",
        "updated": None,
        "originally_published": None,
        "topics": ["industry-trends", "career-advancement"],
        "areas": ["healthcare", "data-analytics"],
        "summary": "Health informatics professionals use data and technology to improve patient care and hospital operations. An overview of the field and its careers.",
        "intro": [
            "Electronic health records, wearable monitors, telehealth visits and insurance claims generate enormous amounts of data every day. Health informatics is the discipline that organizes that information and puts it to work, helping clinicians make better decisions, administrators run leaner operations and researchers spot patterns in population health.",
            "For professionals with a clinical background who enjoy technology, or technologists who want their work to improve patient care, informatics offers a meaningful middle ground. This guide explains what the field covers, why it is growing and how people build careers in it.",
        ],
        "sections": [
            {"heading": "Defining the discipline", "level": 2, "paragraphs": [
                "Health informatics sits where healthcare, information technology and data science meet. Practitioners design and optimize clinical information systems, ensure data flows securely between providers, and analyze records to answer questions about quality, cost and outcomes. The field includes subspecialties such as clinical informatics, nursing informatics, public health informatics and bioinformatics.",
            ]},
            {"heading": "Why the field is expanding", "level": 2, "paragraphs": [
                "Government incentives pushed nearly all hospitals onto electronic records, and the next challenge is making those systems useful rather than burdensome. Value-based payment models reward providers for outcomes, which requires careful measurement. Telehealth, remote patient monitoring and artificial intelligence tools all depend on well-governed data. Each trend creates new informatics jobs.",
            ]},
            {"heading": "Common job titles", "level": 2, "paragraphs": [
                "Graduates work as clinical informatics analysts, electronic health record specialists, health data analysts, interoperability engineers, informatics nurse specialists and chief medical information officers. Employers include hospitals, insurers, public health agencies, pharmaceutical companies and health technology startups.",
            ]},
            {"heading": "Skills you will need", "level": 2, "paragraphs": [
                "Technical skills include database querying, familiarity with health data standards, data visualization and an understanding of privacy and security regulations. Equally important are communication skills, because informatics professionals translate between clinicians, who know the workflows, and technologists, who build the systems.",
            ]},
            {"heading": "Education options", "level": 2, "paragraphs": [
                "Professionals enter from both clinical and technical backgrounds. A master's degree in health informatics fills in whichever side is missing, covering healthcare operations for technologists and programming and analytics for clinicians. Graduate certificates offer a shorter introduction for those testing the waters.",
            ]},
            {"heading": "Making an impact", "level": 3, "paragraphs": [
                "Well-designed informatics work reduces medication errors, shortens wait times and frees clinicians from redundant documentation. For people who want to improve healthcare without providing direct patient care, it is a rewarding and stable career path.",
            ]},
        ],
        "related": ["nurse-leaders-in-demand", "healthcare-administration-careers", "data-science-careers"],
    },
    {
        "slug": "healthcare-administration-careers",
        "title": "Careers in Healthcare Administration: Roles and Pathways",
        "authors": ["Juliet Fairbanks"],
        "published": "2022-07-12",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["healthcare", "business"],
        "summary": "Healthcare administrators keep hospitals, clinics and health systems running. Explore common roles, required skills and the education that leads there.",
        "intro": [
            "Behind every patient visit is a web of scheduling, billing, staffing, compliance and facility management. Healthcare administrators coordinate that web so clinicians can focus on care. The work suits people who care about health outcomes but are drawn to management, finance or operations rather than clinical practice. Many administrators started in clinical or business roles and moved into leadership after discovering they enjoyed solving organizational problems.",
            "Demand for administrators has grown steadily as healthcare organizations consolidate, expand outpatient services and adapt to new payment models. The result is a broad range of positions at many levels of responsibility.",
        ],
        "sections": [
            {"heading": "Common roles in the field", "level": 2, "paragraphs": [
                "Practice managers run physician offices and outpatient clinics, overseeing staff, budgets and patient experience. Department administrators manage units such as radiology or surgery within a hospital. Revenue cycle managers ensure claims are coded, billed and collected accurately. Quality and compliance directors monitor regulatory requirements. At the top, hospital executives set strategy for entire organizations.",
            ]},
            {"heading": "Skills administrators rely on", "level": 2, "paragraphs": [
                "Financial literacy is central: administrators build budgets, analyze reimbursement and justify capital purchases. They also need a working knowledge of healthcare law, privacy rules and accreditation standards. Leadership and communication skills matter because administrators mediate between physicians, nurses, patients, payers and boards, each with different priorities.",
            ]},
            {"heading": "Settings beyond the hospital", "level": 2, "paragraphs": [
                "Administrators also work for long-term care facilities, home health agencies, insurance companies, public health departments, consulting firms and health technology vendors. This variety lets professionals move between sectors as their interests evolve.",
            ]},
            {"heading": "Education and credentials", "level": 2, "paragraphs": [
                "Entry-level roles may require only a bachelor's degree, but advancement into management typically calls for a graduate degree. Options include a Master of Health Administration, an MBA with a healthcare concentration or a master's in healthcare management. Programs cover health economics, operations, informatics and strategic planning, often with a residency or practicum in a real organization.",
            ]},
            {"heading": "Getting started", "level": 3, "paragraphs": [
                "If you already work in healthcare, look for opportunities to join process improvement projects or supervise a small team. If you come from another industry, highlight transferable experience in finance, operations or project management, and consider informational interviews with administrators to learn how your skills translate.",
            ]},
        ],
        "related": ["nurse-leaders-in-demand", "what-is-health-informatics", "mba-vs-ms-degree"],
    },
    {
        "slug": "masters-in-public-health-careers",
        "title": "What Can You Do With a Master's in Public Health?",
        "authors": ["Mina Castellanos"],
        "published": "2025-07-15",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["healthcare"],
        "summary": "A Master of Public Health opens doors in epidemiology, policy, community health and more. A tour of the career options and how to choose a concentration.",
        "intro": [
            "Public health professionals work to prevent illness and injury across entire communities rather than treating one patient at a time. They track disease outbreaks, design vaccination campaigns, evaluate clean water programs and advocate for policies that make healthy choices easier. A Master of Public Health, commonly called an MPH, is the standard graduate credential for this work.",
            "Because public health is so broad, MPH graduates end up in very different jobs. The sections below outline the major career areas and what each one involves.",
        ],
        "sections": [
            {"heading": "Epidemiology and biostatistics", "level": 2, "paragraphs": [
                "Epidemiologists investigate patterns and causes of disease. They design studies, analyze surveillance data and communicate findings to officials and the public. Biostatisticians provide the methods behind those analyses. Both roles suit people with strong quantitative interests and are found in health departments, research institutes, hospitals and pharmaceutical firms.",
            ]},
            {"heading": "Health policy and management", "level": 2, "paragraphs": [
                "Policy analysts evaluate laws and regulations that affect health, from tobacco taxes to insurance coverage rules. Program managers run initiatives at nonprofits and government agencies, overseeing budgets, staff and evaluation. These roles reward clear writing and an understanding of how decisions get made in legislatures and organizations.",
            ]},
            {"heading": "Community health and education", "level": 2, "paragraphs": [
                "Community health specialists design outreach programs that address nutrition, substance use, maternal health or chronic disease in specific populations. They build partnerships with schools, faith groups and local businesses, and they measure whether programs actually change behavior.",
            ]},
            {"heading": "Environmental and global health", "level": 2, "paragraphs": [
                "Environmental health scientists study how air, water, housing and climate affect wellbeing. Global health professionals work on health systems and disease control in low- and middle-income countries through international agencies and nongovernmental organizations.",
            ]},
            {"heading": "Choosing a concentration", "level": 2, "paragraphs": [
                "Most MPH programs require a shared core followed by a concentration. Think about the problems you most want to solve and the daily work you would enjoy: analyzing data, writing policy briefs or running community programs. An applied practice experience, required by accredited programs, is a chance to test your choice before graduation.",
            ]},
            {"heading": "The outlook", "level": 3, "paragraphs": [
                "Recent public health emergencies highlighted how thin the workforce had become in many places. Renewed investment in preparedness, data modernization and health equity is creating openings for new graduates with both technical skills and community experience.",
            ]},
        ],
        "related": ["nurse-leaders-in-demand", "what-is-health-informatics", "value-of-masters-degree"],
    },
    {
        "slug": "teacher-leadership-paths",
        "title": "Paths to Leadership for Classroom Teachers",
        "authors": ["Theo Marchetti"],
        "published": "2021-11-30",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["education"],
        "summary": "Teachers who want to grow do not have to leave the classroom entirely. Explore instructional coaching, department leadership, administration and policy roles.",
        "intro": [
            "Experienced teachers often reach a point where they want broader influence: helping colleagues improve, shaping curriculum for a whole school or changing the systems that affect students. The traditional next step was becoming a principal, but today there are many leadership roles that let teachers grow while staying connected to instruction.",
            "Each path asks for a different blend of skills, from coaching adults and analyzing assessment data to managing budgets and navigating school politics. The sections below describe the most common options, what the work looks like and how teachers typically prepare for them, so you can match your ambitions to a realistic next step.",
        ],
        "sections": [
            {"heading": "Instructional coach", "level": 2, "paragraphs": [
                "Coaches observe lessons, co-plan units and give feedback to fellow teachers. They often lead professional development sessions and help schools adopt new curricula. The role is ideal for teachers who love pedagogy and enjoy supporting adults as much as students.",
            ]},
            {"heading": "Department chair or grade-level lead", "level": 2, "paragraphs": [
                "These positions combine part-time teaching with coordination duties: aligning assessments, managing budgets for materials and representing colleagues in school decision-making. They offer a low-risk way to test whether you enjoy leadership before pursuing a larger change.",
            ]},
            {"heading": "Curriculum specialist", "level": 2, "paragraphs": [
                "Curriculum specialists work at the district level to select and design instructional materials, align them with standards and evaluate their effectiveness. Strong content knowledge and an understanding of assessment data are essential.",
            ]},
            {"heading": "School administrator", "level": 2, "paragraphs": [
                "Assistant principals and principals set school culture, manage staff, handle discipline, build community partnerships and answer to district leaders. Most states require a master's degree and an administrative license for these positions, along with several years of teaching experience.",
            ]},
            {"heading": "Policy and advocacy roles", "level": 2, "paragraphs": [
                "Some teachers move into education nonprofits, state agencies or research organizations, where they influence funding, standards and accountability systems. Classroom experience gives their recommendations credibility with policymakers.",
            ]},
            {"heading": "How graduate study helps", "level": 3, "paragraphs": [
                "A master's or doctorate in education leadership, curriculum and instruction or educational policy builds skills in data-driven decision-making, school finance, organizational change and equity. Many programs are designed for working teachers, with evening or online courses and projects rooted in participants' own schools. Beyond the credential, the cohort of fellow educators becomes a lasting support network as you take on new responsibilities.",
            ]},
        ],
        "related": ["higher-education-administration-careers", "edtech-trends", "become-an-instructional-designer"],
    },
    {
        "slug": "edtech-trends",
        "title": "Education Technology Trends Reshaping the Classroom",
        "authors": ["Samir Okonkwo-Hale"],
        "published": "2024-10-15",
        "updated": "2025-09-09",
        "originally_published": None,
        "topics": ["industry-trends", "online-learning"],
        "areas": ["education"],
        "summary": "From AI tutors to learning analytics, technology is changing how students learn and how educators teach. The edtech trends worth understanding now.",
        "intro": [
            "The rapid shift to remote instruction a few years ago forced schools and universities to adopt digital tools almost overnight. Some of those tools faded once classrooms reopened, but many became permanent fixtures. Today educators are moving past emergency adoption toward thoughtful integration, asking which technologies genuinely improve learning and which simply add screen time.",
            "Here are the education technology developments that school leaders, instructional designers and teachers are watching most closely.",
        ],
        "sections": [
            {"heading": "AI-powered tutoring and feedback", "level": 2, "paragraphs": [
                "Generative AI tools can explain concepts in multiple ways, generate practice problems and give instant feedback on writing drafts. Used well, they extend personalized support to every learner. Used carelessly, they invite shortcuts and factual errors. Schools are writing new policies on acceptable use and redesigning assignments so that process, not just product, is visible.",
            ]},
            {"heading": "Learning analytics", "level": 2, "paragraphs": [
                "Learning management systems record when students log in, how long they spend on materials and how they perform on quizzes. Analytics dashboards turn that data into early warnings for students who may be falling behind, allowing advisors to intervene sooner. Privacy protections and transparent communication with students are essential to keep trust intact.",
            ]},
            {"heading": "Immersive and simulation-based learning", "level": 2, "paragraphs": [
                "Virtual reality field trips, chemistry lab simulations and clinical scenario software let students practice skills that would be expensive, dangerous or impossible in a traditional room. Costs for headsets and authoring tools have fallen, making pilots more common in both schools and professional programs.",
            ]},
            {"heading": "Microcredentials and flexible pathways", "level": 2, "paragraphs": [
                "Digital badges and stackable certificates let learners document specific skills and combine them into larger credentials over time. Universities and employers are experimenting with ways to recognize this learning, which changes how adult students plan their education.",
            ]},
            {"heading": "Accessibility by design", "level": 2, "paragraphs": [
                "Automatic captioning, screen-reader compatible materials and adjustable reading levels benefit students with disabilities and many others besides. Stronger accessibility requirements are encouraging institutions to build inclusive design into every course from the start.",
            ]},
            {"heading": "Preparing to lead edtech change", "level": 3, "paragraphs": [
                "Educators who understand both learning science and technology are increasingly sought after. Graduate programs in learning design, educational technology and education leadership prepare professionals to evaluate tools critically, train colleagues and measure impact.",
            ]},
        ],
        "related": ["become-an-instructional-designer", "teacher-leadership-paths", "online-vs-on-campus-programs"],
    },
    {
        "slug": "become-an-instructional-designer",
        "title": "How To Become an Instructional Designer",
        "authors": ["Lena Whitcombe"],
        "published": "2022-03-29",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "online-learning"],
        "areas": ["education"],
        "summary": "Instructional designers build effective courses and training programs for universities, companies and nonprofits. How to develop the skills and land the job.",
        "intro": [
            "When a company launches onboarding modules for new hires, a hospital trains nurses on new equipment or a university converts a lecture course to an online format, an instructional designer is usually behind the scenes. These professionals apply research about how people learn to create experiences that are engaging, accessible and measurable.",
            "The career attracts former teachers, trainers, writers and multimedia specialists who enjoy both creative and analytical work.",
        ],
        "sections": [
            {"heading": "What instructional designers do", "level": 2, "paragraphs": [
                "Designers start by analyzing what learners need to know and do, then define objectives, choose activities and assessments, and build materials using authoring tools and learning management systems. They collaborate with subject matter experts, who supply the content, and evaluate results to refine the course over time.",
            ]},
            {"heading": "Learn the frameworks", "level": 2, "paragraphs": [
                "Common models guide the process, such as the analysis, design, development, implementation and evaluation cycle, as well as backward design, which starts from desired outcomes. Understanding adult learning principles, cognitive load and universal design for learning helps you make choices you can justify to stakeholders.",
            ]},
            {"heading": "Build technical skills", "level": 2, "paragraphs": [
                "Employers expect familiarity with e-learning authoring software, video editing, basic graphic design and at least one learning management system. Some roles value light coding or data skills for tracking learner progress. Free trials and open-source tools make it possible to practice before you land a job.",
            ]},
            {"heading": "Create a portfolio", "level": 2, "paragraphs": [
                "Hiring managers want to see your work. Include two or three projects that show your full process: the problem, your analysis, design decisions, a sample of the finished product and evidence of results. Volunteering to design training for a nonprofit is a practical way to build portfolio pieces.",
            ]},
            {"heading": "Consider graduate education", "level": 2, "paragraphs": [
                "A master's degree or graduate certificate in instructional design, learning design or educational technology provides theory, mentorship and feedback on real projects. It is especially useful for career changers who need credibility with corporate or university employers.",
            ]},
            {"heading": "Where the jobs are", "level": 3, "paragraphs": [
                "Universities, corporate learning departments, healthcare systems, government agencies and e-learning vendors all hire designers. Remote positions are common, which widens your options considerably.",
            ]},
        ],
        "related": ["edtech-trends", "teacher-leadership-paths", "what-does-a-ux-designer-do"],
    },
    {
        "slug": "higher-education-administration-careers",
        "title": "Careers in Higher Education Administration",
        "authors": ["Theo Marchetti"],
        "published": "2021-04-13",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["education"],
        "summary": "Colleges rely on administrators in admissions, advising, student affairs and academic operations. Explore the roles and the education that prepares you for them.",
        "intro": [
            "A university is a small city. Beyond faculty and classrooms, it runs housing, advising, financial aid, athletics, career centers, research offices and more. Higher education administrators manage these functions and shape the experience of every student who passes through. For people who love campus life and want to support learners, it can be a deeply satisfying career.",
            "The field is also surprisingly broad. Administrators may spend their days recruiting applicants, coaching students through academic setbacks, organizing leadership programs, analyzing enrollment data or managing multimillion-dollar budgets. Below is an overview of the main functional areas and what it takes to enter each one, so you can decide where your own strengths fit best.",
        ],
        "sections": [
            {"heading": "Admissions and enrollment management", "level": 2, "paragraphs": [
                "Admissions counselors recruit prospective students, read applications and guide families through the process. Enrollment managers analyze demographic trends and financial aid strategies to meet institutional goals. The work combines relationship building, travel and increasingly sophisticated data analysis.",
            ]},
            {"heading": "Academic advising", "level": 2, "paragraphs": [
                "Advisors help students choose courses, navigate degree requirements and connect with resources when they struggle. Strong advising is closely linked to retention and graduation rates, so many institutions are investing in advising teams and technology.",
            ]},
            {"heading": "Student affairs", "level": 2, "paragraphs": [
                "Professionals in residence life, student activities, multicultural centers, wellness programs and conduct offices support students' personal development outside the classroom. These roles are varied and often involve evening and weekend events.",
            ]},
            {"heading": "Career services and alumni relations", "level": 2, "paragraphs": [
                "Career advisors coach students on résumés, interviews and job searches and build partnerships with employers. Alumni relations staff keep graduates engaged through events, mentoring programs and fundraising.",
            ]},
            {"heading": "Academic affairs and operations", "level": 2, "paragraphs": [
                "Registrars, institutional researchers, assessment coordinators and deans' office staff keep academic programs running, accredited and continuously improving. These positions suit detail-oriented people who enjoy policy and data.",
            ]},
            {"heading": "Preparing for the field", "level": 3, "paragraphs": [
                "Many higher education administrators hold a master's degree in higher education administration, student affairs or college counseling. Programs cover student development theory, law and policy in higher education, finance and assessment, and they usually include graduate assistantships or internships in university offices. Those placements often lead directly to full-time positions, so choose them carefully and treat them as extended job interviews.",
            ]},
        ],
        "related": ["teacher-leadership-paths", "become-an-instructional-designer", "graduate-assistantships"],
    },
    {
        "slug": "supply-chain-management-trends",
        "title": "Supply Chain Management Trends To Watch",
        "authors": ["Samir Okonkwo-Hale"],
        "published": "2025-08-26",
        "updated": None,
        "originally_published": None,
        "topics": ["industry-trends"],
        "areas": ["business", "engineering"],
        "summary": "Disruptions, automation and sustainability pressures are rewriting the rules of supply chain management. These trends define the field's next chapter.",
        "intro": [
            "For years, supply chains were optimized almost entirely for low cost, with lean inventories and single-source suppliers on the other side of the world. A series of shocks, from port closures and chip shortages to extreme weather and geopolitical conflict, exposed how fragile that model could be. Companies are now rebuilding their networks with resilience in mind, and the professionals who manage them are more visible than ever.",
        ],
        "sections": [
            {"heading": "Resilience over pure efficiency", "level": 2, "paragraphs": [
                "Firms are diversifying suppliers, holding strategic buffer inventory for critical parts and moving some production closer to customers through nearshoring and regional manufacturing hubs. Supply chain managers must weigh the added cost of these choices against the risk of costly disruptions, which requires strong scenario planning and financial analysis.",
            ]},
            {"heading": "End-to-end visibility", "level": 2, "paragraphs": [
                "Real-time tracking through sensors, shipping data feeds and supplier portals allows planners to see where goods are and anticipate delays. Control tower platforms integrate this data into a single view. The challenge is less about collecting data than about cleaning it and acting on it quickly.",
            ]},
            {"heading": "Automation in warehouses and transport", "level": 2, "paragraphs": [
                "Autonomous mobile robots, automated storage systems and computer vision quality checks are spreading through distribution centers. In transportation, route optimization software and early autonomous trucking pilots promise efficiency gains. Engineers and managers who understand both operations and technology are needed to plan these investments.",
            ]},
            {"heading": "AI-driven demand forecasting", "level": 2, "paragraphs": [
                "Machine learning models combine sales history with weather, promotions, economic indicators and even social media signals to forecast demand more accurately. Better forecasts reduce both stockouts and excess inventory, directly improving profitability.",
            ]},
            {"heading": "Sustainable and transparent sourcing", "level": 2, "paragraphs": [
                "Customers, investors and regulators increasingly ask where products come from and what emissions they generate. Companies are mapping suppliers several tiers deep, auditing labor practices and measuring transport emissions. Circular logistics, including returns and refurbishment, is becoming its own specialty.",
            ]},
            {"heading": "Building a supply chain career", "level": 3, "paragraphs": [
                "Graduate programs in supply chain management, operations research or engineering management teach optimization, logistics, procurement and risk analysis. Professional certifications from industry associations complement a degree. Because every industry moves physical goods, the skills transfer widely, from retail and healthcare to aerospace and energy.",
            ]},
        ],
        "related": ["sustainable-engineering-trends", "ai-in-business", "project-management-certifications"],
    },
    {
        "slug": "ai-in-business",
        "title": "How Artificial Intelligence Is Changing Business Strategy",
        "authors": ["Dana Rutherford", "Theo Marchetti"],
        "published": "2025-04-08",
        "updated": "2025-10-07",
        "originally_published": None,
        "topics": ["industry-trends"],
        "areas": ["business", "computer-science"],
        "summary": "Artificial intelligence has moved from experimentation to everyday operations. How companies are using AI, where the risks lie and what it means for professionals.",
        "intro": [
            "Only a few years ago, artificial intelligence in business mostly meant specialized models built by data science teams for narrow tasks such as fraud detection. The arrival of large language models and easy-to-use AI assistants changed that. Now marketing teams draft campaigns with AI, customer service departments deploy chatbots, and software developers write code alongside automated assistants.",
            "The shift raises strategic questions for every organization, and it changes which skills employees need to thrive. Below we look at where AI is producing measurable results, why many projects stall, and what business leaders and employees can do to prepare.",
        ],
        "sections": [
            {"heading": "Where AI is delivering value", "level": 2, "paragraphs": [
                "Common uses include summarizing documents and meetings, answering customer questions, generating first drafts of content, forecasting demand, screening invoices for errors and personalizing product recommendations. Businesses report the clearest gains where tasks are repetitive, text-heavy and easy to check for quality.",
            ]},
            {"heading": "From pilots to production", "level": 2, "paragraphs": [
                "Many organizations ran dozens of small experiments before realizing that scaling AI requires clean data, integration with existing systems and clear ownership. Leaders are now prioritizing a few high-impact use cases, measuring results carefully and building internal platforms so teams do not reinvent the same tools.",
            ]},
            {"heading": "Managing risk and governance", "level": 2, "paragraphs": [
                "AI systems can produce confident but incorrect answers, reflect biases in training data and expose confidential information if used carelessly. Responsible companies create usage policies, review high-stakes applications, test for fairness and keep humans accountable for final decisions. Emerging regulations in several regions add formal obligations for certain uses.",
            ]},
            {"heading": "How jobs are changing", "level": 2, "paragraphs": [
                "Rather than replacing entire roles, AI is reshaping the tasks within them. Analysts spend less time formatting reports and more time interpreting results. Managers must decide which work to automate, retrain staff and redesign processes. Employees who learn to use AI tools critically, verifying outputs and knowing their limits, become more productive and more valuable.",
            ]},
            {"heading": "Skills for an AI-enabled workplace", "level": 3, "paragraphs": [
                "Data literacy, problem framing, ethical reasoning and change management are as important as technical knowledge. Graduate programs in business analytics, information systems, artificial intelligence and management increasingly blend these topics, helping professionals lead AI adoption instead of merely reacting to it.",
            ]},
        ],
        "related": ["cybersecurity-trends", "business-analytics-careers", "become-a-machine-learning-engineer"],
    },
    {
        "slug": "networking-tips-for-grad-students",
        "title": "Networking Tips for Graduate Students and Young Professionals",
        "authors": ["Juliet Fairbanks"],
        "published": "2021-10-19",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "student-life"],
        "areas": [],
        "summary": "Relationships built during graduate school can shape your entire career. Practical, low-pressure ways to network with classmates, faculty and alumni.",
        "intro": [
            "The word networking makes many people picture crowded receptions, forced small talk and stacks of business cards. In practice, effective networking is simply building genuine professional relationships over time. Graduate school is one of the best environments to do it, because you are surrounded by motivated peers, experienced faculty and an alumni community that wants to help.",
        ],
        "sections": [
            {"heading": "Start with your classmates", "level": 2, "paragraphs": [
                "Your cohort is your first and most durable network. Classmates will move into organizations across your industry, and in a few years they will be the people posting jobs and making referrals. Collaborate generously on group projects, join study groups and stay in touch after courses end.",
            ]},
            {"heading": "Get to know faculty", "level": 2, "paragraphs": [
                "Professors often have extensive industry and research connections. Attend office hours with thoughtful questions, not only when you need help with an assignment. Ask about their career paths and current projects. Faculty who know your work are more likely to recommend you for research roles, jobs and awards.",
            ]},
            {"heading": "Use informational interviews", "level": 2, "paragraphs": [
                "Reach out to alumni or professionals in roles that interest you and request a short conversation to learn about their work. Keep the request brief and specific, prepare a few questions and respect their time. Most people enjoy sharing advice, and these conversations often lead to further introductions.",
            ]},
            {"heading": "Attend events with a plan", "level": 2, "paragraphs": [
                "Career fairs, guest lectures, conferences and professional association meetings are all networking opportunities. Before attending, identify a few people or organizations you want to meet and prepare a concise introduction about your background and interests. Afterward, follow up within a couple of days with a personalized message.",
            ]},
            {"heading": "Maintain a professional online presence", "level": 2, "paragraphs": [
                "Keep your professional profile current with your program, projects and skills. Share occasional posts about what you are learning or building. An active, thoughtful profile makes it easier for recruiters and contacts to understand what you offer.",
            ]},
            {"heading": "Give as much as you take", "level": 3, "paragraphs": [
                "The strongest networks are reciprocal. Share job postings, introduce contacts to one another and congratulate people on milestones. Small acts of generosity build goodwill that returns in unexpected ways, often years later when you least expect it.",
            ]},
        ],
        "related": ["changing-careers-with-graduate-degree", "co-op-experiential-learning", "imposter-syndrome-in-grad-school"],
    },
    {
        "slug": "changing-careers-with-graduate-degree",
        "title": "Changing Careers? How a Graduate Degree Can Help You Pivot",
        "authors": ["Corinne Adebayo"],
        "published": "2024-03-12",
        "updated": None,
        "originally_published": "May 2021",
        "topics": ["career-advancement", "planning-for-grad-school"],
        "areas": [],
        "summary": "Switching fields mid-career is daunting but increasingly common. How graduate study can bridge the gap, and how to plan a pivot that sticks.",
        "intro": [
            "Career changes used to be viewed as risky detours. Now they are an ordinary part of working life. People leave teaching for data analytics, move from retail management into healthcare administration or trade accounting for user experience research. The motivations vary: a desire for more meaningful work, better pay, more flexibility or simply curiosity about a field that did not exist when they started working.",
            "Whatever the reason, a pivot usually requires new knowledge, new credentials and new connections. A graduate program can supply all three at once, provided you choose it deliberately.",
        ],
        "sections": [
            {"heading": "Clarify where you want to go", "level": 2, "paragraphs": [
                "Before researching programs, research jobs. Read postings for your target role, note the required skills and credentials, and talk with several people who do the work today. These conversations reveal whether the field matches your expectations and which gaps you actually need to close. Sometimes the answer is a short certificate rather than a full degree.",
            ]},
            {"heading": "Identify transferable strengths", "level": 2, "paragraphs": [
                "Career changers often underestimate what they bring. Teachers are skilled presenters and planners. Sales professionals understand customers. Military veterans know logistics and leadership under pressure. Make a list of accomplishments from your current career and translate each into the language of your target field.",
            ]},
            {"heading": "Choose a program built for changers", "level": 2, "paragraphs": [
                "Some master's programs assume an undergraduate background in the subject; others include bridge courses for newcomers. Look for programs that welcome students from varied backgrounds, offer foundational coursework early and include experiential learning such as co-ops, practicums or industry projects. Practical experience on your résumé is what convinces hiring managers that you can do the new job.",
            ]},
            {"heading": "Start building your new network early", "level": 2, "paragraphs": [
                "Join professional associations in your new field as a student member, attend local meetups and connect with alumni of your program who made similar transitions. Referrals matter even more for career changers, because they help employers look past an unconventional résumé.",
            ]},
            {"heading": "Manage the financial transition", "level": 3, "paragraphs": [
                "A pivot may involve a temporary pay cut or time out of the workforce. Part-time or online study lets you keep your current income while you learn. Build savings before you start, and consider roles that combine your old and new expertise as a bridge, such as analytics within the industry you already know.",
            ]},
        ],
        "related": ["value-of-masters-degree", "graduate-certificate-vs-masters", "networking-tips-for-grad-students"],
    },
    {
        "slug": "international-graduate-students-guide",
        "title": "A Practical Guide for International Graduate Students",
        "authors": ["Mina Castellanos"],
        "published": "2023-04-25",
        "updated": None,
        "originally_published": None,
        "topics": ["student-life", "planning-for-grad-school"],
        "areas": [],
        "summary": "Studying abroad for a graduate degree involves visas, new academic norms and a new culture. Steps to prepare before you arrive and thrive once you do.",
        "intro": [
            "Pursuing a graduate degree in another country is an adventure and a major logistical project. Beyond choosing a program, international students must navigate visa rules, arrange housing from thousands of miles away, adjust to different classroom expectations and build a support network from scratch. Planning early makes each of these steps far less stressful.",
        ],
        "sections": [
            {"heading": "Before you apply", "level": 2, "paragraphs": [
                "Check each program's requirements for English proficiency tests, credential evaluations of your transcripts and proof of financial support. Deadlines for international applicants are sometimes earlier than for domestic students to allow time for visa processing. Contact the international admissions office with questions; they handle them every day.",
            ]},
            {"heading": "Navigating the student visa process", "level": 2, "paragraphs": [
                "After admission, your university issues the document you need to apply for a student visa. Schedule your visa interview as early as possible, since wait times vary by country. Prepare to explain your study plans, how you will fund your education and your ties to your home country. Keep copies of every document in both paper and digital form.",
            ]},
            {"heading": "Adjusting to academic expectations", "level": 2, "paragraphs": [
                "Classroom norms may differ from what you know. Participation in discussion is often part of the grade, students are expected to question ideas respectfully, and academic integrity rules about citation and collaboration are strictly enforced. Writing centers and academic workshops can help you adapt quickly.",
            ]},
            {"heading": "Working during and after your studies", "level": 2, "paragraphs": [
                "Student visas typically limit off-campus employment, but on-campus jobs and certain practical training programs tied to your field may be allowed. Some countries offer post-study work permits. Always confirm eligibility with your international student office before accepting any position, because violations can jeopardize your status.",
            ]},
            {"heading": "Building community and wellbeing", "level": 2, "paragraphs": [
                "Homesickness and culture shock are normal, especially in the first semester. Join cultural associations, attend orientation events and say yes to invitations from classmates. Many universities pair new international students with peer mentors. Counseling services are available if adjustment feels overwhelming.",
            ]},
            {"heading": "Practical settling-in tasks", "level": 3, "paragraphs": [
                "Open a local bank account, obtain a phone plan, understand your health insurance coverage and learn the public transit system in your first weeks. Small logistical wins build confidence for the larger academic challenges ahead and free your attention for your coursework.",
            ]},
        ],
        "related": ["grad-school-recommendation-letters", "imposter-syndrome-in-grad-school", "networking-tips-for-grad-students"],
    },
    {
        "slug": "graduate-certificate-vs-masters",
        "title": "Graduate Certificate vs. Master's Degree: Which Should You Pursue?",
        "authors": ["Juliet Fairbanks"],
        "published": "2024-08-20",
        "updated": None,
        "originally_published": None,
        "topics": ["planning-for-grad-school", "financing-your-education"],
        "areas": [],
        "summary": "Graduate certificates are shorter and cheaper; master's degrees are broader and more recognized. How to decide, and how the two can work together.",
        "intro": [
            "Not every professional goal requires a full master's degree. Graduate certificates, typically four to six courses focused on a single topic, have become a popular alternative for people who want targeted skills quickly. Deciding between the two depends on your career objectives, budget and how much time you can commit.",
        ],
        "sections": [
            {"heading": "What a graduate certificate offers", "level": 2, "paragraphs": [
                "A certificate delivers concentrated knowledge in a specific area such as project management, data analytics, cybersecurity or healthcare informatics. Most can be finished in under a year of part-time study, and the total tuition is a fraction of a degree. Admission requirements are often lighter, making certificates an accessible way to return to school.",
            ]},
            {"heading": "What a master's degree offers", "level": 2, "paragraphs": [
                "A master's program covers a field in breadth and depth, usually including foundational theory, advanced electives and a capstone, thesis or experiential component. The credential is widely recognized by employers and is required for certain licensed or senior positions. It also provides more time to build relationships with faculty and classmates.",
            ]},
            {"heading": "When a certificate makes sense", "level": 2, "paragraphs": [
                "Choose a certificate if you already have a graduate degree and need to add a new skill, if your employer wants you to master a specific tool or method, or if you are exploring a field and want to test your interest before committing further. Certificates also suit professionals whose budgets or schedules cannot accommodate a full program right now.",
            ]},
            {"heading": "When a master's degree is the better choice", "level": 2, "paragraphs": [
                "If you are changing careers entirely, aiming for leadership roles that list a master's degree as a requirement or planning to pursue a doctorate later, the full degree is usually the better investment. The broader curriculum prepares you for a wider range of responsibilities.",
            ]},
            {"heading": "Stackable pathways", "level": 3, "paragraphs": [
                "Many universities design certificates so their credits can later be applied toward a related master's degree. This stackable approach lets you earn a credential quickly, confirm the field is right for you and then continue without repeating coursework. Ask admissions whether a certificate you are considering can count toward a degree and whether there is a time limit for transferring credits.",
            ]},
            {"heading": "Funding differences", "level": 3, "paragraphs": [
                "Some forms of financial aid are available only to students enrolled in degree programs, so check eligibility before you assume loans or grants will cover a certificate. Employer tuition benefits, by contrast, often apply to both.",
            ]},
        ],
        "related": ["value-of-masters-degree", "mba-vs-ms-degree", "project-management-certifications"],
    },
    {
        "slug": "co-op-experiential-learning",
        "title": "The Benefits of Co-ops and Experiential Learning in Graduate School",
        "authors": ["Grant Iwasaki", "Lena Whitcombe"],
        "published": "2022-09-27",
        "updated": "2024-06-11",
        "originally_published": None,
        "topics": ["student-life", "career-advancement"],
        "areas": ["engineering"],
        "summary": "Co-op placements, industry projects and practicums let graduate students apply theory on the job. Why experiential learning matters and how to make the most of it.",
        "intro": [
            "Lectures and problem sets teach principles; real workplaces teach judgment. Experiential learning connects the two by placing students in professional settings where they apply what they study to actual problems, with real deadlines and real consequences. In graduate school, that might mean a multi-month co-op at an engineering firm, a sponsored capstone for a hospital or a consulting project for a nonprofit.",
        ],
        "sections": [
            {"heading": "What a co-op looks like", "level": 2, "paragraphs": [
                "A cooperative education placement is a paid, full-time position that typically lasts several months and is integrated into the academic calendar. Students take on meaningful responsibilities, such as designing test fixtures, analyzing production data or building software features, and then return to the classroom with new questions and perspective.",
            ]},
            {"heading": "Other forms of experiential learning", "level": 2, "paragraphs": [
                "Not every student can step away from a job for a co-op. Industry-sponsored capstones, short-term consulting sprints, clinical practicums, research apprenticeships and virtual projects with global companies offer similar benefits on more flexible schedules. Working professionals can often complete projects within their current employer.",
            ]},
            {"heading": "Why employers value it", "level": 2, "paragraphs": [
                "Hiring managers want proof that candidates can collaborate, communicate and deliver in a professional environment. A completed co-op or industry project provides concrete examples for interviews and often a reference from a supervisor. Many employers use co-op programs as a pipeline and extend full-time offers to students who perform well.",
            ]},
            {"heading": "Benefits for your learning", "level": 2, "paragraphs": [
                "Applying theory in context deepens understanding. Engineering students discover why tolerances and documentation matter; analytics students learn how messy real data can be. Returning to class after a placement, students often find coursework more meaningful because they can connect it to problems they have seen firsthand.",
            ]},
            {"heading": "Making the most of a placement", "level": 3, "paragraphs": [
                "Set learning goals with your supervisor in the first week, ask for feedback regularly and keep a journal of accomplishments. Meet people outside your immediate team, attend company events and request a final review. These habits turn a temporary role into lasting skills and relationships.",
            ]},
            {"heading": "Choosing a program with strong experiential options", "level": 3, "paragraphs": [
                "When comparing graduate programs, ask how many students complete co-ops or industry projects, which employers participate and what support the university provides in finding placements. The answers reveal how seriously a program connects learning with practice.",
            ]},
        ],
        "related": ["networking-tips-for-grad-students", "soft-skills-in-stem-careers", "how-to-become-an-engineering-manager"],
    },
    {
        "slug": "become-a-machine-learning-engineer",
        "title": "How To Become a Machine Learning Engineer",
        "authors": ["Dana Rutherford"],
        "published": "2025-06-17",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement"],
        "areas": ["computer-science", "data-analytics"],
        "summary": "Machine learning engineers bring models out of notebooks and into reliable products. The skills, projects and education that lead to this role.",
        "intro": [
            "A machine learning model that performs well on a laptop is only the beginning. To create value, it has to run reliably in production, handle unexpected inputs, scale to millions of requests and be retrained as the world changes. Machine learning engineers are the professionals who make that happen, combining software engineering discipline with statistical understanding.",
        ],
        "sections": [
            {"heading": "What the role involves", "level": 2, "paragraphs": [
                "Machine learning engineers build data pipelines that feed models, train and evaluate models at scale, deploy them as services and monitor performance over time. They collaborate with data scientists who explore problems and prototype approaches, and with platform engineers who maintain infrastructure. In smaller companies one person may do all of these tasks.",
            ]},
            {"heading": "Programming and software engineering", "level": 2, "paragraphs": [
                "Python is the dominant language, supported by numerical and deep learning libraries. Equally important are software practices: writing tests, using version control, reviewing code, packaging applications in containers and understanding APIs. Employers frequently reject candidates who know algorithms but cannot write maintainable code.",
            ]},
            {"heading": "Mathematics and modeling", "level": 2, "paragraphs": [
                "Linear algebra, probability, statistics and optimization underpin every model. You do not need to derive every proof, but you should understand why a model overfits, how regularization works and which evaluation metric suits a given business problem.",
            ]},
            {"heading": "MLOps and cloud infrastructure", "level": 2, "paragraphs": [
                "Production machine learning depends on tooling for experiment tracking, feature storage, model registries, automated retraining and monitoring for drift. Experience with at least one major cloud platform and its managed machine learning services is increasingly expected in job postings.",
            ]},
            {"heading": "Build a portfolio of end-to-end projects", "level": 2, "paragraphs": [
                "Show that you can take a project from raw data to a deployed application. For example, collect a dataset, train a model, serve predictions through a simple web API and document how you would monitor it. One complete project communicates more than several unfinished notebooks.",
            ]},
            {"heading": "Education pathways", "level": 3, "paragraphs": [
                "Many machine learning engineers hold degrees in computer science, data science or a quantitative engineering field. A master's program provides rigorous grounding in algorithms and systems and often includes research or industry projects with real data. Software engineers can also transition by taking on machine learning tasks within their current teams while studying part time.",
            ]},
        ],
        "related": ["data-science-careers", "ai-in-business", "robotics-engineering-demand"],
    },
    {
        "slug": "business-analytics-careers",
        "title": "Business Analytics Careers: Roles, Skills and Growth",
        "authors": ["Theo Marchetti"],
        "published": "2023-07-18",
        "updated": None,
        "originally_published": None,
        "topics": ["career-advancement", "industry-trends"],
        "areas": ["data-analytics", "business"],
        "summary": "Business analytics professionals turn data into decisions about pricing, marketing, operations and strategy. An overview of the career landscape.",
        "intro": [
            "Executives have always relied on numbers, but the volume and variety of data available to them have exploded. Transaction records, website clicks, supply chain sensors and customer surveys all contain signals about what is working and what is not. Business analytics professionals find those signals and translate them into recommendations that managers can act on.",
        ],
        "sections": [
            {"heading": "How business analytics differs from data science", "level": 2, "paragraphs": [
                "The two fields overlap, but business analytics is anchored in specific organizational decisions. Practitioners care less about inventing new algorithms and more about choosing the right method for a commercial question, such as which customers are likely to churn or how a price change will affect revenue. Communication with stakeholders is a central part of the job.",
            ]},
            {"heading": "Common job titles", "level": 2, "paragraphs": [
                "Roles include business analyst, marketing analyst, financial analyst, operations analyst, pricing analyst and business intelligence developer. With experience, professionals advance to analytics manager, director of insights or chief data officer. Consulting firms also hire analytics specialists to serve clients across industries.",
            ]},
            {"heading": "Skills that employers want", "level": 2, "paragraphs": [
                "Technical foundations include SQL, spreadsheet modeling, a visualization platform and a statistical language such as Python or R. Knowledge of experimental design, regression and forecasting lets analysts move beyond describing the past. Business acumen, including familiarity with financial statements and marketing metrics, helps them ask the right questions. Storytelling with data ties everything together.",
            ]},
            {"heading": "Industries hiring analysts", "level": 2, "paragraphs": [
                "Retail, finance, healthcare, technology, logistics, sports and government agencies all employ analytics teams. Because the core skills transfer, analysts can move between sectors while building domain expertise that makes them more valuable over time.",
            ]},
            {"heading": "Education options", "level": 3, "paragraphs": [
                "A master's degree in business analytics or data analytics combines statistical training with management coursework and applied projects for partner organizations. Some programs are designed for professionals without a technical background and begin with programming fundamentals. Graduate certificates offer a shorter route for those who want to add analytics to an existing career.",
            ]},
            {"heading": "The road ahead", "level": 3, "paragraphs": [
                "Automation and AI tools are taking over routine reporting, freeing analysts to focus on interpretation, experimentation and strategy. Professionals who pair technical fluency with sound business judgment will continue to be in demand.",
            ]},
        ],
        "related": ["data-analyst-vs-data-scientist", "data-science-careers", "mba-vs-ms-degree"],
    },
    {
        "slug": "soft-skills-in-stem-careers",
        "title": "Why Soft Skills Matter in STEM Careers",
        "authors": ["Lena Whitcombe"],
        "published": "2024-12-10",
        "updated": None,
        "originally_published": "February 2023",
        "topics": ["career-advancement"],
        "areas": ["engineering"],
        "summary": "Technical expertise gets engineers and scientists hired; communication, collaboration and adaptability get them promoted. How to strengthen the human side of a STEM career.",
        "intro": [
            "Science, technology, engineering and math careers attract people who love solving well-defined problems. Yet the most common feedback in STEM performance reviews rarely concerns equations or code. It concerns explaining ideas clearly, working across teams, handling disagreement and adapting when priorities shift. These so-called soft skills often determine who leads projects and who stays in the background.",
            "The encouraging news is that these abilities can be learned and practiced just like any technical topic. Below are the soft skills that matter most in STEM work and practical ways to develop them.",
        ],
        "sections": [
            {"heading": "Communication for technical audiences and beyond", "level": 2, "paragraphs": [
                "Engineers and scientists must explain the same result to colleagues, managers, customers and regulators, each with different knowledge and concerns. Practice writing short summaries that lead with the conclusion, avoid jargon when it is unnecessary and visualize data so the main point is obvious. Presenting at team meetings or local conferences builds confidence quickly.",
            ]},
            {"heading": "Collaboration across disciplines", "level": 2, "paragraphs": [
                "Modern products require mechanical, electrical, software, manufacturing and business specialists to work together. Understanding the vocabulary and constraints of neighboring disciplines makes you a better partner. Offer help, share credit and document decisions so teammates are never surprised.",
            ]},
            {"heading": "Emotional intelligence and conflict", "level": 2, "paragraphs": [
                "Technical debates can become personal when deadlines loom. Recognizing your own stress, reading the room and separating the idea from the person keeps discussions productive. Asking questions before defending a position often reveals that both sides share more ground than they realized.",
            ]},
            {"heading": "Adaptability and continuous learning", "level": 2, "paragraphs": [
                "Tools, standards and markets change constantly in STEM fields. Professionals who treat change as an opportunity to learn, rather than a threat to their expertise, remain valuable as technologies evolve. Curiosity is a skill you can cultivate by setting aside regular time to explore something new.",
            ]},
            {"heading": "Leadership without authority", "level": 2, "paragraphs": [
                "Long before you manage anyone, you can lead by mentoring interns, organizing a design review or championing a process improvement. These experiences show decision-makers that you are ready for formal leadership.",
            ]},
            {"heading": "Developing soft skills deliberately", "level": 3, "paragraphs": [
                "Graduate programs increasingly weave communication and teamwork into technical curricula through group projects, presentations and co-op placements. Outside school, ask for specific feedback on how you run meetings or explain concepts, and treat that feedback as seriously as a code review or design critique.",
            ]},
        ],
        "related": ["emerging-engineering-manager-skills", "how-to-become-an-engineering-manager", "co-op-experiential-learning"],
    },
    {
        "slug": "is-an-online-degree-worth-it",
        "title": "Is an Online Master's Degree Worth It?",
        "authors": ["Samir Okonkwo-Hale"],
        "published": "2025-09-23",
        "updated": None,
        "originally_published": None,
        "topics": ["online-learning", "financing-your-education"],
        "areas": [],
        "summary": "Online master's programs promise flexibility and savings. We examine how employers view them, what they cost and how to judge quality.",
        "intro": [
            "Not long ago, online degrees carried a stigma, associated with diploma mills and thin coursework. That perception has changed dramatically as respected universities moved their own programs online, often taught by the same faculty and awarding the same diploma as their campus counterparts. Still, prospective students reasonably wonder whether an online master's will deliver the same return on investment.",
        ],
        "sections": [
            {"heading": "How employers view online degrees", "level": 2, "paragraphs": [
                "Surveys of hiring managers suggest that the reputation of the institution matters far more than the delivery format. A degree from an accredited, well-known university is judged on its merits regardless of whether classes met in person. In many cases the transcript and diploma do not mention the format at all.",
            ]},
            {"heading": "The real cost comparison", "level": 2, "paragraphs": [
                "Tuition for online programs may be similar to on-campus rates, lower or occasionally higher. The larger financial advantage usually comes from what you avoid: moving to a new city, commuting and, most importantly, leaving your job. Continuing to earn a salary while studying can make the total economic cost of an online degree far lower than a full-time residential program.",
            ]},
            {"heading": "Signs of a quality program", "level": 2, "paragraphs": [
                "Confirm regional or national accreditation and, where relevant, programmatic accreditation for fields such as nursing, engineering or business. Look for interactive coursework, reasonable class sizes, faculty who hold office hours and access to career services, libraries and alumni networks. Graduation and employment outcomes, when published, are useful indicators.",
            ]},
            {"heading": "Who benefits most", "level": 2, "paragraphs": [
                "Online master's degrees are especially valuable for working professionals seeking promotion within their field, parents and caregivers, military members and people living far from universities that offer their chosen program. Students who are self-motivated and comfortable managing their own schedules tend to thrive.",
            ]},
            {"heading": "Potential drawbacks", "level": 3, "paragraphs": [
                "Networking requires more effort online, and some hands-on disciplines are harder to replicate remotely. Students who need external structure may struggle with asynchronous formats. Hybrid programs with occasional campus residencies can offer a middle path.",
            ]},
            {"heading": "Making your decision", "level": 3, "paragraphs": [
                "Estimate the salary increase or career opportunity the degree could unlock, subtract the full cost, and consider the personal value of the flexibility. For many professionals, the math and the lifestyle both point in favor of studying online.",
            ]},
        ],
        "related": ["online-vs-on-campus-programs", "studying-online-while-working", "ways-to-finance-graduate-degree"],
    },
    {
        "slug": "grad-school-interview-prep",
        "title": "How To Prepare for a Graduate School Interview",
        "authors": ["Corinne Adebayo"],
        "published": "2021-02-23",
        "updated": "2022-01-18",
        "originally_published": None,
        "topics": ["planning-for-grad-school"],
        "areas": [],
        "summary": "An admissions interview is a conversation, not an interrogation. How to research, practice and present yourself with confidence.",
        "intro": [
            "Receiving an interview invitation means a program sees real potential in your application. The interview lets faculty or admissions staff learn how you think, communicate and handle questions in real time, and it gives you a chance to evaluate whether the program suits you. Preparation turns a nerve-racking event into a productive conversation.",
        ],
        "sections": [
            {"heading": "Research the program thoroughly", "level": 2, "paragraphs": [
                "Review the curriculum, faculty research areas, experiential learning opportunities and recent news about the department. Know why you applied and be ready to explain it concretely. Interviewers quickly notice when an applicant has not looked beyond the homepage.",
            ]},
            {"heading": "Prepare for common questions", "level": 2, "paragraphs": [
                "Expect to be asked why you want this degree now, what you hope to do afterward, how your experience prepared you and how you handle challenges or teamwork. Research-focused programs may ask you to describe a project in depth, including what went wrong. Prepare short stories that illustrate your strengths, structured around the situation, your actions and the results.",
            ]},
            {"heading": "Practice out loud", "level": 2, "paragraphs": [
                "Rehearse with a friend, mentor or career advisor, or record yourself answering questions. Listening back reveals filler words, rambling answers and moments where you could be more specific. Aim for responses of one to two minutes that answer the question directly before adding detail.",
            ]},
            {"heading": "Handle virtual interviews well", "level": 2, "paragraphs": [
                "Many interviews now happen by video. Test your camera, microphone and connection in advance, choose a quiet space with good lighting and a neutral background, and look at the camera when speaking. Keep a copy of your résumé and a few notes nearby, but avoid reading from them.",
            ]},
            {"heading": "Ask thoughtful questions", "level": 2, "paragraphs": [
                "Prepare several questions that show genuine interest, such as how students typically find co-op placements, what recent graduates are doing or how faculty mentor students. Avoid questions easily answered on the website. The questions you ask are part of the impression you leave.",
            ]},
            {"heading": "Follow up afterward", "level": 3, "paragraphs": [
                "Send a brief thank-you email within a day, mentioning something specific from the conversation. Then reflect on what went well and what you would adjust for your next interview, since many applicants interview with several programs in the same season.",
            ]},
        ],
        "related": ["statement-of-purpose-tips", "grad-school-recommendation-letters", "gre-waivers-explained"],
    },
]
